// The event loop: one thread that owns an epoll set and runs everything src/pc does. Protocol modules
// are sans-IO (DESIGN.md section 3); this is where their bytes, timers and commands come from. It offers
// three kinds of callbacks, all of which run on the loop thread and never under an internal lock:
//   - tasks, posted from any thread with post() and run in posting order (FIFO per poster);
//   - one-shot timers keyed by Timestamp, created once and re-armed or cancelled at will (the
//     PeerConnection keeps one armed at the minimum of its modules' next_timeout());
//   - fd readiness callbacks (level-triggered epoll), used by UdpSocket owners.
//
// Time: now() below is the one place in purertc that reads a clock (std::chrono::steady_clock, i.e.
// CLOCK_MONOTONIC). Timers use a timerfd on the same clock with absolute deadlines, and a timer never
// fires before now() >= its deadline; it may fire late if the loop is busy.
//
// Threading:
//   - post(), stop(), is_loop_thread() are thread-safe and may be called from inside any callback.
//   - The timer and watch functions must be called on the loop thread (from a task, timer or readiness
//     callback); post() a task to reach them from elsewhere. Calling them from another thread is a bug
//     (checked by assert in debug builds).
//   - A callback may cancel, re-arm or remove any timer (its own included) and unwatch any fd; an event
//     or timer cancelled by an earlier callback of the same loop iteration is not delivered.
// Lifetime:
//   - create() starts the thread; the destructor stops and joins it. The EventLoop must not be destroyed
//     on its own thread (a callback cannot delete the loop that runs it).
//   - stop() called from outside the loop returns after the thread has exited: no callback runs after it
//     returns. Called from inside a callback, it returns at once; the current callback finishes and no
//     other callback runs after it. Tasks still queued at stop() are destroyed without running, and
//     post() after stop() destroys the task and returns false.
//   - Callbacks (and what they capture) are destroyed when their timer/watch is removed, or when the
//     EventLoop is destroyed; the fd of a watch must stay open until unwatch() or the loop's destruction.
#pragma once

#include <sys/epoll.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>
#include <vector>

#include "common/strong_id.h"
#include "common/timestamp.h"
#include "pc/sys_error.h"

namespace purertc::pc {

// Monotonic time (steady_clock) as a protocol Timestamp, in microseconds. Thread-safe.
Timestamp now();

using TimerId = StrongId<struct TimerIdTag, uint64_t>;
using WatchId = StrongId<struct WatchIdTag, uint64_t>;

class EventLoop {
 public:
  using Task = std::function<void()>;
  // Receives the epoll event bits that were ready (EPOLLIN, EPOLLOUT, EPOLLERR, EPOLLHUP...).
  using ReadyCallback = std::function<void(uint32_t events)>;

  // Creates the epoll set, the wake-up eventfd and the timerfd, and starts the loop thread. Errors:
  // the failing call (epoll_create1, eventfd, timerfd_create, epoll_ctl) with its errno.
  static SysResult<std::unique_ptr<EventLoop>> create();

  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;
  ~EventLoop();

  // Any thread. Queues `task` to run on the loop thread; false (task destroyed) once stop() was called.
  bool post(Task task);
  // Any thread, idempotent. See the header comment for the guarantees.
  void stop();
  // Any thread. True when called from a callback of this loop.
  bool is_loop_thread() const;

  // Loop thread only. A timer starts disarmed; remove_timer() destroys its callback.
  TimerId add_timer(Task on_fire);
  // Loop thread only. Arms (or re-arms, replacing the previous deadline) a one-shot timer: it fires
  // once, at the first loop iteration where now() >= at. Timestamp::infinite() disarms it.
  void arm_timer(TimerId id, Timestamp at);
  // Loop thread only. Disarms; a no-op for a disarmed or unknown timer.
  void cancel_timer(TimerId id);
  void remove_timer(TimerId id);
  bool is_armed(TimerId id) const;
  // Loop thread only. The earliest armed deadline, or Timestamp::infinite().
  Timestamp next_deadline() const;

  // Loop thread only. Level-triggered readiness for `fd` (events: EPOLLIN and/or EPOLLOUT). Errors:
  // epoll_ctl's (EEXIST when the fd is already watched, EPERM for a regular file...).
  SysResult<WatchId> watch(int fd, uint32_t events, ReadyCallback on_ready);
  // Loop thread only. Changes the events of a watch (e.g. adds EPOLLOUT while a send is blocked).
  SysResult<void> set_events(WatchId id, uint32_t events);
  // Loop thread only. Stops watching and destroys the callback; a no-op for an unknown id.
  void unwatch(WatchId id);

 private:
  struct Timer {
    std::shared_ptr<Task> on_fire;  // shared so a callback can remove its own timer while running
    bool armed = false;
    Timestamp deadline;
    uint64_t seq = 0;  // arm order: ties between equal deadlines fire in arm order
  };
  struct TimerKey {
    Timestamp deadline;
    uint64_t seq;
    uint64_t id;
    auto operator<=>(const TimerKey&) const = default;
  };
  struct Watch {
    int fd;
    std::shared_ptr<ReadyCallback> on_ready;
  };

  EventLoop(int epoll_fd, int wake_fd, int timer_fd);
  void run();
  void run_tasks();
  void fire_due_timers();
  void program_timerfd();
  void wake();
  bool stopping() const { return stopping_.load(std::memory_order_acquire); }

  const int epoll_fd_;
  const int wake_fd_;
  const int timer_fd_;

  std::mutex mutex_;  // guards tasks_, wake_pending_, closed_
  std::vector<Task> tasks_;
  bool wake_pending_ = false;
  bool closed_ = false;
  std::atomic<bool> stopping_{false};

  // Loop-thread state.
  std::vector<Task> running_;
  std::unordered_map<uint64_t, Timer> timers_;
  std::set<TimerKey> armed_;
  std::vector<TimerKey> due_;
  Timestamp programmed_ = Timestamp::infinite();
  std::unordered_map<uint64_t, Watch> watches_;
  uint64_t next_id_ = 16;  // epoll tags below this are the loop's own fds
  uint64_t next_seq_ = 0;

  std::atomic<std::thread::id> loop_thread_id_{};
  std::mutex join_mutex_;
  std::thread thread_;
};

}  // namespace purertc::pc
