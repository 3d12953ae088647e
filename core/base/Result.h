// A value, or the Error that kept it from being made: what core's fallible functions return instead
// of a bool with a QString out-parameter. Result<> is success or an error, with no value.
#pragma once

#include "base/Error.h"

#include <optional>
#include <utility>

namespace promdeck {

template <typename T = void> class Result
{
public:
    Result(T value) : m_value(std::move(value)) {}
    Result(Error error) : m_error(std::move(error)) {}

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    const T &value() const & { return *m_value; }
    T &value() & { return *m_value; }
    T &&value() && { return std::move(*m_value); }
    const T *operator->() const { return &*m_value; }
    T *operator->() { return &*m_value; }
    const T &operator*() const & { return *m_value; }
    T &operator*() & { return *m_value; }
    // Meaningful only when !ok().
    const Error &error() const { return m_error; }
    // The value as an optional, for code that only cares whether it came.
    std::optional<T> take() && { return std::move(m_value); }

private:
    std::optional<T> m_value;
    Error m_error;
};

template <> class Result<void>
{
public:
    Result() = default;
    Result(Error error) : m_failed(true), m_error(std::move(error)) {}

    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return m_error; }

private:
    bool m_failed = false;
    Error m_error;
};

} // namespace promdeck
