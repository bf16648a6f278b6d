// A threading library included as a system header, shaped as Boost.Thread
// is: joining a thread throws boost::thread_interrupted when the caller is
// interrupted, and boost::throw_exception's boost::wrapexcept<
// boost::thread_resource_error> when the system fails.
#pragma once
#include <stdexcept>

namespace boost {

class thread_interrupted {};

class thread_resource_error : public std::runtime_error {
public:
  thread_resource_error() : std::runtime_error("thread resource error") {}
};

template <class E> struct wrapexcept : E {
  explicit wrapexcept(const E &Error) : E(Error) {}
};

class thread_group {
public:
  void join_all() {
    if (Interrupted)
      throw thread_interrupted();
    if (Failed)
      throw wrapexcept<thread_resource_error>(thread_resource_error());
  }

private:
  bool Interrupted = false;
  bool Failed = false;
};

} // namespace boost
