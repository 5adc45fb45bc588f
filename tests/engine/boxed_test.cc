#include "engine/boxed.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/plan.h"

namespace rollout {
namespace {

struct Point {
  int x = 0;
  std::string label;
  bool operator==(const Point&) const = default;
};

TEST(Boxed, StartsEmptyAndTakesAValue) {
  Boxed<Point> b;
  EXPECT_FALSE(b.has_value());
  EXPECT_FALSE(b);
  b = Point{3, "three"};
  ASSERT_TRUE(b.has_value());
  EXPECT_TRUE(b);
  EXPECT_EQ(b->x, 3);
  EXPECT_EQ((*b).label, "three");
  b->x = 4;
  EXPECT_EQ(b->x, 4);
}

TEST(Boxed, ConstructsFromAValueAndFromNullopt) {
  const Boxed<Point> set = Point{1, "a"};
  const Boxed<Point> unset = std::nullopt;
  EXPECT_EQ(set->label, "a");
  EXPECT_FALSE(unset);
}

TEST(Boxed, CopyIsDeep) {
  Boxed<Point> a = Point{1, "a"};
  Boxed<Point> b = a;
  ASSERT_TRUE(b);
  EXPECT_NE(&*a, &*b);
  b->label = "b";
  EXPECT_EQ(a->label, "a");
  EXPECT_EQ(b->label, "b");

  const Boxed<Point> empty;
  const Boxed<Point> copy_of_empty = empty;
  EXPECT_FALSE(copy_of_empty);
}

TEST(Boxed, CopyAssignmentCoversEveryCase) {
  Boxed<Point> set = Point{1, "a"};
  Boxed<Point> other = Point{2, "b"};
  Boxed<Point> empty;

  Boxed<Point> target;
  target = set;  // empty <- set
  ASSERT_TRUE(target);
  EXPECT_EQ(target->x, 1);
  const Point* storage = &*target;
  target = other;  // set <- set: the value is assigned in place
  EXPECT_EQ(&*target, storage);
  EXPECT_EQ(target->x, 2);
  EXPECT_EQ(other->x, 2);
  target = empty;  // set <- empty
  EXPECT_FALSE(target);

  Boxed<Point>& self = set;
  set = self;  // self-assignment keeps the value
  ASSERT_TRUE(set);
  EXPECT_EQ(set->label, "a");
}

TEST(Boxed, MoveTakesTheBox) {
  Boxed<Point> a = Point{7, "seven"};
  const Point* storage = &*a;
  Boxed<Point> b = std::move(a);
  ASSERT_TRUE(b);
  EXPECT_EQ(&*b, storage);
  EXPECT_EQ(b->x, 7);

  Boxed<Point> c;
  c = std::move(b);
  ASSERT_TRUE(c);
  EXPECT_EQ(&*c, storage);
}

TEST(Boxed, AssignsFromAValueInPlaceWhenSet) {
  Boxed<Point> b;
  Point p{5, "five"};
  b = p;  // from an lvalue
  ASSERT_TRUE(b);
  EXPECT_EQ(b->label, "five");
  EXPECT_EQ(p.label, "five");
  const Point* storage = &*b;
  b = Point{6, "six"};  // from an rvalue, into the same storage
  EXPECT_EQ(&*b, storage);
  EXPECT_EQ(b->x, 6);
}

TEST(Boxed, ResetNulloptAndEmplace) {
  Boxed<Point> b = Point{1, "a"};
  b.reset();
  EXPECT_FALSE(b);
  b.emplace(Point{2, "b"});
  ASSERT_TRUE(b);
  EXPECT_EQ(b->x, 2);
  Point& made = b.emplace();
  EXPECT_EQ(&made, &*b);
  EXPECT_EQ(b->x, 0);
  EXPECT_EQ(b->label, "");
  b = std::nullopt;
  EXPECT_FALSE(b);
}

TEST(Boxed, ValueOr) {
  Boxed<int> b;
  EXPECT_EQ(b.value_or(9), 9);
  b = 4;
  EXPECT_EQ(b.value_or(9), 4);
}

TEST(Boxed, ComparesAsOptionalDoes) {
  const Boxed<Point> empty;
  const Boxed<Point> a = Point{1, "a"};
  const Boxed<Point> a2 = Point{1, "a"};
  const Boxed<Point> b = Point{1, "b"};
  EXPECT_TRUE(empty == Boxed<Point>());
  EXPECT_TRUE(a == a2);
  EXPECT_FALSE(a == b);
  EXPECT_FALSE(a == empty);
  EXPECT_FALSE(empty == a);
  EXPECT_TRUE(empty == std::nullopt);
  EXPECT_TRUE(std::nullopt == empty);
  EXPECT_FALSE(a == std::nullopt);
  EXPECT_TRUE(a != b);
}

TEST(Boxed, ATaskCopiesItsGateAndEstimate) {
  Task t;
  t.id = "g";
  t.gate = Gate{{"lead"}, {}, {3, 4}};
  t.estimate = Estimate{1, 2, 5, {}};
  Task copy = t;
  copy.gate->approve.push_back("qa");
  copy.estimate->max = 8;
  EXPECT_EQ(t.gate->approve, std::vector<std::string>{"lead"});
  EXPECT_EQ(t.estimate->max, 5);
  EXPECT_EQ(copy.gate->approve.size(), 2U);
  EXPECT_EQ(copy.gate->loc.line, 3);
  EXPECT_EQ(copy.estimate->max, 8);

  std::vector<Task> tasks(3);
  tasks[1] = t;
  tasks.reserve(100);  // the vector moves its tasks: boxes go with them
  EXPECT_FALSE(tasks[0].gate);
  ASSERT_TRUE(tasks[1].gate);
  EXPECT_EQ(tasks[1].gate->approve, std::vector<std::string>{"lead"});
}

TEST(BoxedString, EmptyUntilGivenText) {
  BoxedString s;
  EXPECT_TRUE(s.empty());
  EXPECT_EQ(s.size(), 0U);
  EXPECT_EQ(s.str(), "");
  EXPECT_STREQ(s.c_str(), "");
  s = std::string("Документ");
  EXPECT_FALSE(s.empty());
  EXPECT_EQ(s.size(), std::string("Документ").size());
  EXPECT_EQ(s.str(), "Документ");
  s = "";  // "" and never set are one value
  EXPECT_TRUE(s.empty());
  EXPECT_TRUE(s == BoxedString());
}

TEST(BoxedString, ReadsAsAStdString) {
  BoxedString s;
  s = "notes";
  const std::string& ref = s;
  EXPECT_EQ(ref, "notes");
  const std::string copy = s;
  EXPECT_EQ(copy, "notes");
  std::string assigned;
  assigned = s;
  EXPECT_EQ(assigned, "notes");
  EXPECT_EQ(s.view(), "notes");
  EXPECT_EQ("a " + s, "a notes");
  EXPECT_EQ(std::string("b ") + s, "b notes");
}

TEST(BoxedString, Compares) {
  BoxedString a;
  a = "x";
  BoxedString b;
  b = std::string("x");
  EXPECT_TRUE(a == b);
  EXPECT_TRUE(a == "x");
  EXPECT_TRUE(a == std::string("x"));
  EXPECT_TRUE(std::string("x") == a);
  EXPECT_TRUE(a == std::string_view("x"));
  EXPECT_FALSE(a == "y");
  EXPECT_TRUE(a != BoxedString());
  EXPECT_TRUE(BoxedString() == "");
}

TEST(BoxedString, CopyIsDeepAndMoveTakesTheText) {
  BoxedString a;
  a = "one";
  BoxedString b = a;
  b = "two";
  EXPECT_EQ(a.str(), "one");
  EXPECT_EQ(b.str(), "two");
  b = a;
  EXPECT_EQ(b.str(), "one");
  BoxedString& self = b;
  b = self;
  EXPECT_EQ(b.str(), "one");
  const char* data = a.c_str();
  BoxedString c = std::move(a);
  EXPECT_EQ(static_cast<const void*>(c.c_str()), static_cast<const void*>(data));
  EXPECT_EQ(c.str(), "one");
  BoxedString empty;
  c = empty;
  EXPECT_TRUE(c.empty());
}

}  // namespace
}  // namespace rollout
