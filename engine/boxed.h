// Parts of the plan model that most tasks leave unset, kept on the heap so
// that they cost one pointer in every `Task` (docs/performance.md, issue #19:
// a 1M-task plan's peak memory).
//
// Boxed<T> is a std::optional<T> whose value lives in its own allocation:
// the same interface for what the plan model uses (has_value, explicit bool,
// *, ->, = from a T and from std::nullopt, reset, emplace, value_or, ==), a
// deep copy, a move that steals the pointer. BoxedString is a std::string
// that costs a pointer while it is empty: read as a const std::string&,
// assigned from text; "" and "never set" are the same value, as for the
// std::string it replaces.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace rollout {

template <class T>
class Boxed {
 public:
  using value_type = T;

  Boxed() noexcept = default;
  // Implicit, as std::optional's: `t.gate = Gate{}`, `Boxed<Gate> g = std::nullopt`.
  // NOLINTNEXTLINE(google-explicit-constructor)
  Boxed(std::nullopt_t) noexcept {}
  // NOLINTNEXTLINE(google-explicit-constructor)
  Boxed(const T& value) : value_(std::make_unique<T>(value)) {}
  // NOLINTNEXTLINE(google-explicit-constructor)
  Boxed(T&& value) : value_(std::make_unique<T>(std::move(value))) {}
  Boxed(const Boxed& other) : value_(other ? std::make_unique<T>(*other) : nullptr) {}
  Boxed(Boxed&&) noexcept = default;
  ~Boxed() = default;

  Boxed& operator=(const Boxed& other) {
    if (this == &other) return *this;
    if (!other) {
      value_.reset();
    } else if (value_) {
      *value_ = *other;
    } else {
      value_ = std::make_unique<T>(*other);
    }
    return *this;
  }
  Boxed& operator=(Boxed&&) noexcept = default;
  Boxed& operator=(std::nullopt_t) noexcept {
    value_.reset();
    return *this;
  }
  Boxed& operator=(const T& value) {
    if (value_) {
      *value_ = value;
    } else {
      value_ = std::make_unique<T>(value);
    }
    return *this;
  }
  Boxed& operator=(T&& value) {
    if (value_) {
      *value_ = std::move(value);
    } else {
      value_ = std::make_unique<T>(std::move(value));
    }
    return *this;
  }

  bool has_value() const noexcept { return value_ != nullptr; }
  explicit operator bool() const noexcept { return has_value(); }

  /// REQUIRES: has_value().
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }
  T* operator->() { return value_.get(); }
  const T* operator->() const { return value_.get(); }

  void reset() noexcept { value_.reset(); }
  template <class... A>
  T& emplace(A&&... args) {
    value_ = std::make_unique<T>(std::forward<A>(args)...);
    return *value_;
  }
  template <class U>
  T value_or(U&& fallback) const& {
    return value_ ? *value_ : static_cast<T>(std::forward<U>(fallback));
  }

  /// As std::optional's: both empty, or both set and the values equal.
  friend bool operator==(const Boxed& a, const Boxed& b) {
    if (a.has_value() != b.has_value()) return false;
    return !a.has_value() || *a == *b;
  }
  friend bool operator==(const Boxed& a, std::nullopt_t) noexcept { return !a.has_value(); }

 private:
  std::unique_ptr<T> value_;
};

class BoxedString {
 public:
  BoxedString() noexcept = default;
  explicit BoxedString(std::string text) { *this = std::move(text); }
  BoxedString(const BoxedString& other) { *this = other.str(); }
  BoxedString(BoxedString&&) noexcept = default;
  ~BoxedString() = default;

  BoxedString& operator=(const BoxedString& other) {
    if (this != &other) *this = other.str();
    return *this;
  }
  BoxedString& operator=(BoxedString&&) noexcept = default;
  /// An empty |text| frees the box.
  BoxedString& operator=(std::string text) {
    if (text.empty()) {
      text_.reset();
    } else if (text_) {
      *text_ = std::move(text);
    } else {
      text_ = std::make_unique<std::string>(std::move(text));
    }
    return *this;
  }
  BoxedString& operator=(const char* text) { return *this = std::string(text); }

  /// The text; a shared empty string while there is none.
  const std::string& str() const noexcept { return text_ ? *text_ : Empty(); }
  // NOLINTNEXTLINE(google-explicit-constructor)
  operator const std::string&() const noexcept { return str(); }
  std::string_view view() const noexcept { return str(); }
  bool empty() const noexcept { return text_ == nullptr; }
  size_t size() const noexcept { return str().size(); }
  const char* c_str() const noexcept { return str().c_str(); }

  friend bool operator==(const BoxedString& a, const BoxedString& b) noexcept {
    return a.view() == b.view();
  }
  friend bool operator==(const BoxedString& a, std::string_view b) noexcept {
    return a.view() == b;
  }
  friend bool operator==(const BoxedString& a, const std::string& b) noexcept {
    return a.view() == b;
  }
  friend bool operator==(const BoxedString& a, const char* b) noexcept { return a.view() == b; }
  friend std::string operator+(std::string a, const BoxedString& b) { return a += b.str(); }
  friend std::string operator+(const char* a, const BoxedString& b) {
    return std::string(a) + b.str();
  }

 private:
  static const std::string& Empty() noexcept {
    static const std::string kEmpty;
    return kEmpty;
  }

  std::unique_ptr<std::string> text_;
};

}  // namespace rollout
