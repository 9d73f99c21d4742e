#include "pc/event_loop.h"

#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <cassert>
#include <chrono>

#include "common/log.h"

namespace purertc::pc {
namespace {

// epoll tags of the loop's own fds; watches get ids from 16 up.
constexpr uint64_t kWakeTag = 1;
constexpr uint64_t kTimerTag = 2;
constexpr int kMaxEvents = 64;

}  // namespace

Timestamp now() {
  const auto since_epoch = std::chrono::steady_clock::now().time_since_epoch();
  return Timestamp::from_micros(std::chrono::duration_cast<std::chrono::microseconds>(since_epoch).count());
}

SysResult<std::unique_ptr<EventLoop>> EventLoop::create() {
  const int epoll_fd = epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd < 0) return sys_error("epoll_create1");
  const int wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake_fd < 0) {
    const int err = errno;
    close(epoll_fd);
    return sys_error("eventfd", err);
  }
  const int timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
  if (timer_fd < 0) {
    const int err = errno;
    close(wake_fd);
    close(epoll_fd);
    return sys_error("timerfd_create", err);
  }
  for (auto [fd, tag] : {std::pair{wake_fd, kWakeTag}, std::pair{timer_fd, kTimerTag}}) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = tag;
    if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &ev) != 0) {
      const int err = errno;
      close(timer_fd);
      close(wake_fd);
      close(epoll_fd);
      return sys_error("epoll_ctl", err);
    }
  }
  // The constructor is private, so make_unique cannot reach it.
  std::unique_ptr<EventLoop> loop(new EventLoop(epoll_fd, wake_fd, timer_fd));
  return loop;
}

EventLoop::EventLoop(int epoll_fd, int wake_fd, int timer_fd)
    : epoll_fd_(epoll_fd), wake_fd_(wake_fd), timer_fd_(timer_fd) {
  thread_ = std::thread([this] { run(); });
}

EventLoop::~EventLoop() {
  assert(!is_loop_thread() && "an EventLoop cannot be destroyed by its own thread");
  stop();
  {
    // stop() from a callback returned without joining; join here.
    std::lock_guard lock(join_mutex_);
    if (thread_.joinable()) thread_.join();
  }
  close(timer_fd_);
  close(wake_fd_);
  close(epoll_fd_);
}

bool EventLoop::post(Task task) {
  bool need_wake = false;
  {
    std::unique_lock lock(mutex_);
    if (closed_) {
      lock.unlock();
      // Destroy outside the lock: the task's captures may post() again.
      task = nullptr;
      return false;
    }
    tasks_.push_back(std::move(task));
    need_wake = !wake_pending_;
    wake_pending_ = true;
  }
  if (need_wake) wake();
  return true;
}

void EventLoop::stop() {
  std::vector<Task> dropped;
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    dropped.swap(tasks_);
  }
  stopping_.store(true, std::memory_order_release);
  wake();
  // Queued tasks are destroyed here, outside the lock (their captures may call post(), which fails).
  dropped.clear();
  if (is_loop_thread()) return;
  std::lock_guard lock(join_mutex_);
  if (thread_.joinable()) thread_.join();
}

bool EventLoop::is_loop_thread() const {
  return loop_thread_id_.load(std::memory_order_acquire) == std::this_thread::get_id();
}

void EventLoop::wake() {
  const uint64_t one = 1;
  // EAGAIN means the counter is already non-zero: the loop is woken either way.
  [[maybe_unused]] const ssize_t n = write(wake_fd_, &one, sizeof one);
}

TimerId EventLoop::add_timer(Task on_fire) {
  assert(is_loop_thread());
  const uint64_t id = next_id_++;
  timers_.emplace(id, Timer{std::make_shared<Task>(std::move(on_fire)), false, Timestamp::infinite(), 0});
  return TimerId(id);
}

void EventLoop::arm_timer(TimerId id, Timestamp at) {
  assert(is_loop_thread());
  auto it = timers_.find(id.value());
  if (it == timers_.end()) return;
  Timer& timer = it->second;
  if (timer.armed) armed_.erase(TimerKey{timer.deadline, timer.seq, id.value()});
  timer.armed = !at.is_infinite();
  timer.deadline = at;
  timer.seq = next_seq_++;
  if (timer.armed) armed_.insert(TimerKey{at, timer.seq, id.value()});
}

void EventLoop::cancel_timer(TimerId id) { arm_timer(id, Timestamp::infinite()); }

void EventLoop::remove_timer(TimerId id) {
  assert(is_loop_thread());
  cancel_timer(id);
  timers_.erase(id.value());
}

bool EventLoop::is_armed(TimerId id) const {
  assert(is_loop_thread());
  auto it = timers_.find(id.value());
  return it != timers_.end() && it->second.armed;
}

Timestamp EventLoop::next_deadline() const {
  assert(is_loop_thread());
  return armed_.empty() ? Timestamp::infinite() : armed_.begin()->deadline;
}

SysResult<WatchId> EventLoop::watch(int fd, uint32_t events, ReadyCallback on_ready) {
  assert(is_loop_thread());
  const uint64_t id = next_id_++;
  epoll_event ev{};
  ev.events = events;
  ev.data.u64 = id;
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) != 0) return sys_error("epoll_ctl");
  watches_.emplace(id, Watch{fd, std::make_shared<ReadyCallback>(std::move(on_ready))});
  return WatchId(id);
}

SysResult<void> EventLoop::set_events(WatchId id, uint32_t events) {
  assert(is_loop_thread());
  auto it = watches_.find(id.value());
  if (it == watches_.end()) return sys_error("epoll_ctl", ENOENT);
  epoll_event ev{};
  ev.events = events;
  ev.data.u64 = id.value();
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, it->second.fd, &ev) != 0) return sys_error("epoll_ctl");
  return {};
}

void EventLoop::unwatch(WatchId id) {
  assert(is_loop_thread());
  auto it = watches_.find(id.value());
  if (it == watches_.end()) return;
  epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, it->second.fd, nullptr);
  watches_.erase(it);
}

void EventLoop::run() {
  // Set by the thread itself, so it holds before any callback runs.
  loop_thread_id_.store(std::this_thread::get_id(), std::memory_order_release);
  epoll_event events[kMaxEvents];
  while (!stopping()) {
    run_tasks();
    if (stopping()) break;
    fire_due_timers();
    if (stopping()) break;
    program_timerfd();
    const int n = epoll_wait(epoll_fd_, events, kMaxEvents, -1);
    if (n < 0) {
      if (errno == EINTR) continue;
      PURERTC_LOG_ERROR("pc", "epoll_wait failed (errno %d); the event loop stops", errno);
      break;
    }
    for (int i = 0; i < n && !stopping(); ++i) {
      const uint64_t tag = events[i].data.u64;
      if (tag == kWakeTag) {
        uint64_t count;
        [[maybe_unused]] const ssize_t r = read(wake_fd_, &count, sizeof count);
      } else if (tag == kTimerTag) {
        uint64_t expirations;
        [[maybe_unused]] const ssize_t r = read(timer_fd_, &expirations, sizeof expirations);
        // The one-shot timerfd has expired: program it again on the next iteration.
        programmed_ = Timestamp::infinite();
      } else {
        // An earlier callback of this batch may have removed the watch: the id lookup skips it.
        auto it = watches_.find(tag);
        if (it == watches_.end()) continue;
        std::shared_ptr<ReadyCallback> callback = it->second.on_ready;
        (*callback)(events[i].events);
      }
    }
  }
  // A joined thread's id may be reused by a new thread, which must not pass for this loop's.
  loop_thread_id_.store(std::thread::id(), std::memory_order_release);
}

void EventLoop::run_tasks() {
  {
    std::lock_guard lock(mutex_);
    running_.swap(tasks_);
    wake_pending_ = false;
  }
  for (size_t i = 0; i < running_.size() && !stopping(); ++i) running_[i]();
  // After stop() from a task, the rest are dropped unrun (destroyed here, outside the lock).
  running_.clear();
}

void EventLoop::fire_due_timers() {
  if (armed_.empty()) return;
  const Timestamp t = now();
  // Collect first: a timer re-armed by a callback for a time already past fires on the next iteration,
  // after pending tasks and I/O, rather than starving them.
  due_.clear();
  for (auto it = armed_.begin(); it != armed_.end() && it->deadline <= t; ++it) due_.push_back(*it);
  for (const TimerKey& key : due_) {
    if (stopping()) return;
    auto it = timers_.find(key.id);
    // Cancelled, removed or re-armed by an earlier callback: its old key is stale.
    if (it == timers_.end() || !it->second.armed || it->second.seq != key.seq) continue;
    armed_.erase(key);
    it->second.armed = false;
    std::shared_ptr<Task> callback = it->second.on_fire;
    (*callback)();
  }
}

void EventLoop::program_timerfd() {
  const Timestamp next = armed_.empty() ? Timestamp::infinite() : armed_.begin()->deadline;
  if (next == programmed_) return;
  itimerspec spec{};
  if (!next.is_infinite()) {
    // An all-zero it_value disarms a timerfd; a deadline at or before the clock's epoch is already due.
    const int64_t us = next.us() > 0 ? next.us() : 1;
    spec.it_value.tv_sec = us / 1000000;
    spec.it_value.tv_nsec = (us % 1000000) * 1000;
  }
  if (timerfd_settime(timer_fd_, TFD_TIMER_ABSTIME, &spec, nullptr) != 0) {
    PURERTC_LOG_ERROR("pc", "timerfd_settime failed (errno %d)", errno);
    return;
  }
  programmed_ = next;
}

}  // namespace purertc::pc
