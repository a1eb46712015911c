// Status and Result<T>: how every part of hoard reports failure.
//
// hoard is a filesystem first: its errors end up as errno values at the FUSE
// edge, and as one line on stderr with a non-zero exit at a command's edge.
// So a Status carries an errno-style code (what the kernel or the shell should
// see) and a message naming the cause in words a user understands
// ("connection refused by 127.0.0.1:2222", not "error -7").
//
// Functions that can fail return Status or Result<T>; exceptions thrown by
// libraries (SQLiteCpp, nlohmann-json, toml++) are caught where the library
// is called and turned into a Status there, so none crosses a module boundary
// and none reaches a FUSE callback.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace hoard {

class [[nodiscard]] Status {
 public:
  // A default-constructed Status is success.
  Status() = default;

  static Status Ok() { return Status(); }
  // `code` is an errno value (EIO, ENOENT, ETIMEDOUT, ...) and must not be 0.
  static Status Error(int code, std::string message);

  bool ok() const { return code_ == 0; }
  int code() const { return code_; }
  const std::string& message() const { return message_; }

  // Prefixes the message with what was being done: "open cache: " + message.
  Status WithContext(const std::string& context) const;
  // "OK", or the message; the errno text is added when the message is empty.
  std::string ToString() const;

 private:
  Status(int code, std::string message) : code_(code), message_(std::move(message)) {}

  int code_ = 0;
  std::string message_;
};

// Either a value or a failed Status. Holding an ok Status is not allowed.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {  // NOLINT: implicit by design
    assert(!std::get<Status>(v_).ok());
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  // Ok() if a value is held.
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(v_); }

  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace hoard

// Returns early from the enclosing function when `expr` yields a failed Status.
#define HOARD_RETURN_IF_ERROR(expr)             \
  do {                                          \
    ::hoard::Status hoard_status_ = (expr);     \
    if (!hoard_status_.ok()) return hoard_status_; \
  } while (0)
