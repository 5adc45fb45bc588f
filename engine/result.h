// Failure as a value: no exception crosses engine/.
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace rollout {

/// A position in a source file, 1-based; 0 means unknown.
struct Loc {
  int line = 0;
  int col = 0;
};

/// One problem with the user's input: rendered as FILE:LINE:COL: error: MESSAGE,
/// the offending line with a caret, and the hint when there is one.
struct Error {
  Loc loc;
  std::string message;
  std::string hint;
};

using Errors = std::vector<Error>;

/// A value or the list of problems that prevented it.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}            // NOLINT: implicit by design
  Result(Errors errors) : v_(std::move(errors)) {}     // NOLINT
  Result(Error error) : v_(Errors{std::move(error)}) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  const Errors& errors() const { return std::get<1>(v_); }

 private:
  std::variant<T, Errors> v_;
};

}  // namespace rollout
