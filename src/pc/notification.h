// A one-shot signal between a loop callback and a waiting thread. Unlike std::promise, the waiter may
// destroy it as soon as wait() returns, even while notify() is still returning on the other thread
// (notify() touches nothing after unlocking the mutex, which POSIX allows to be destroyed then).
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace purertc::pc {

class Notification {
 public:
  void notify() {
    std::lock_guard lock(mutex_);
    notified_ = true;
    cv_.notify_all();
  }
  void wait() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [this] { return notified_; });
  }
  // False on timeout: tests use it as a hang guard only, never as a timing assertion.
  template <class Rep, class Period>
  bool wait_for(std::chrono::duration<Rep, Period> limit) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, limit, [this] { return notified_; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool notified_ = false;
};

}  // namespace purertc::pc
