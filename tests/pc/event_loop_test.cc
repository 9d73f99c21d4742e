#include "pc/event_loop.h"
#include "tests/pc/notification.h"

#include <gtest/gtest.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace purertc::pc {
namespace {

// A hang guard, not a timing assertion: nothing here should take more than a fraction of a second.
constexpr auto kHangGuard = std::chrono::seconds(60);

std::unique_ptr<EventLoop> make_loop() {
  auto loop = EventLoop::create();
  EXPECT_TRUE(loop) << to_string(loop.error());
  return std::move(*loop);
}

// Runs fn on the loop thread and waits for it.
void run_on(EventLoop& loop, std::function<void()> fn) {
  Notification done;
  ASSERT_TRUE(loop.post([&] {
    fn();
    done.notify();
  }));
  ASSERT_TRUE(done.wait_for(kHangGuard));
}

TEST(EventLoop, NowIsMonotonic) {
  Timestamp previous = now();
  for (int i = 0; i < 1000; ++i) {
    const Timestamp t = now();
    EXPECT_GE(t, previous);
    previous = t;
  }
}

TEST(EventLoop, TasksRunInPostingOrderOnTheLoopThread) {
  auto loop = make_loop();
  EXPECT_FALSE(loop->is_loop_thread());
  std::vector<int> order;
  bool all_on_loop = true;
  for (int i = 0; i < 1000; ++i) {
    ASSERT_TRUE(loop->post([&, i] {
      order.push_back(i);
      all_on_loop = all_on_loop && loop->is_loop_thread();
    }));
  }
  run_on(*loop, [] {});
  ASSERT_EQ(order.size(), 1000u);
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(order[i], i);
  EXPECT_TRUE(all_on_loop);
}

TEST(EventLoop, CrossThreadPostingUnderContention) {
  auto loop = make_loop();
  constexpr int kThreads = 4;
  constexpr int kPerThread = 20000;
  std::vector<int> last_seen(kThreads, -1);
  bool in_order = true;
  int total = 0;
  Notification all_done;
  std::vector<std::thread> posters;
  for (int t = 0; t < kThreads; ++t) {
    posters.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        EXPECT_TRUE(loop->post([&, t, i] {
          // Runs on the loop thread only, so these plain variables need no lock.
          in_order = in_order && last_seen[t] == i - 1;
          last_seen[t] = i;
          if (++total == kThreads * kPerThread) all_done.notify();
        }));
      }
    });
  }
  for (auto& p : posters) p.join();
  ASSERT_TRUE(all_done.wait_for(kHangGuard));
  EXPECT_TRUE(in_order);
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(last_seen[t], kPerThread - 1);
}

TEST(EventLoop, PostFromATaskRunsAfterIt) {
  auto loop = make_loop();
  std::vector<int> order;
  Notification done;
  loop->post([&] {
    order.push_back(1);
    loop->post([&] {
      order.push_back(3);
      done.notify();
    });
    order.push_back(2);
  });
  ASSERT_TRUE(done.wait_for(kHangGuard));
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
}

TEST(EventLoop, TimersFireInDeadlineOrderAndNeverEarly) {
  auto loop = make_loop();
  struct Fired {
    int tag;
    Timestamp at;
  };
  std::vector<Fired> fired;
  std::vector<Timestamp> deadlines(5);
  Notification done;
  run_on(*loop, [&] {
    const Timestamp base = now();
    // Deadlines out of order, two equal ones (fire in arm order), one already due.
    const int64_t offsets_ms[5] = {30, 10, 20, 10, 0};
    for (int tag = 0; tag < 5; ++tag) {
      deadlines[tag] = base + Duration::millis(offsets_ms[tag]);
      TimerId id = loop->add_timer([&, tag] {
        fired.push_back({tag, now()});
        if (fired.size() == 5) done.notify();
      });
      loop->arm_timer(id, deadlines[tag]);
    }
    EXPECT_EQ(loop->next_deadline(), deadlines[4]);
  });
  ASSERT_TRUE(done.wait_for(kHangGuard));
  std::vector<int> order;
  for (const auto& f : fired) {
    order.push_back(f.tag);
    EXPECT_GE(f.at, deadlines[f.tag]) << "timer " << f.tag << " fired early";
  }
  EXPECT_EQ(order, (std::vector<int>{4, 1, 3, 2, 0}));
}

TEST(EventLoop, CancelAndRearm) {
  auto loop = make_loop();
  int a_fired = 0;
  int b_fired = 0;
  Timestamp b_deadline;
  Timestamp b_fired_at;
  std::vector<char> order;
  Notification done;
  run_on(*loop, [&] {
    const Timestamp base = now();
    TimerId a = loop->add_timer([&] { ++a_fired; order.push_back('a'); });
    TimerId b = loop->add_timer([&] {
      ++b_fired;
      b_fired_at = now();
      order.push_back('b');
    });
    TimerId c = loop->add_timer([&] {
      order.push_back('c');
      done.notify();
    });
    loop->arm_timer(a, base + Duration::millis(5));
    loop->arm_timer(b, base + Duration::millis(5));
    loop->arm_timer(c, base + Duration::millis(30));
    EXPECT_TRUE(loop->is_armed(a));
    loop->cancel_timer(a);
    EXPECT_FALSE(loop->is_armed(a));
    // Re-arming replaces the deadline: b fires once, at the later time.
    b_deadline = base + Duration::millis(20);
    loop->arm_timer(b, b_deadline);
    EXPECT_EQ(loop->next_deadline(), b_deadline);
  });
  ASSERT_TRUE(done.wait_for(kHangGuard));
  run_on(*loop, [] {});
  EXPECT_EQ(a_fired, 0);
  EXPECT_EQ(b_fired, 1);
  EXPECT_GE(b_fired_at, b_deadline);
  EXPECT_EQ(order, (std::vector<char>{'b', 'c'}));
}

TEST(EventLoop, TimerRearmsAndRemovesItselfFromItsCallback) {
  auto loop = make_loop();
  int count = 0;
  std::vector<Timestamp> fire_times;
  Notification done;
  TimerId id;
  run_on(*loop, [&] {
    id = loop->add_timer([&] {
      fire_times.push_back(now());
      if (++count < 5) {
        loop->arm_timer(id, now() + Duration::millis(2));
      } else {
        loop->remove_timer(id);  // destroys this very callback's owner while it runs
        done.notify();
      }
    });
    loop->arm_timer(id, now());
  });
  ASSERT_TRUE(done.wait_for(kHangGuard));
  EXPECT_EQ(count, 5);
  for (size_t i = 1; i < fire_times.size(); ++i) EXPECT_GE(fire_times[i], fire_times[i - 1] + Duration::millis(2));
  run_on(*loop, [&] { EXPECT_FALSE(loop->is_armed(id)); });
}

TEST(EventLoop, TimerCancelledByAnEarlierDueTimerDoesNotFire) {
  auto loop = make_loop();
  bool first_fired = false;
  bool second_fired = false;
  Notification done;
  run_on(*loop, [&] {
    const Timestamp past = now() - Duration::millis(1);
    TimerId second = loop->add_timer([&] { second_fired = true; });
    TimerId first = loop->add_timer([&, second] {
      first_fired = true;
      loop->remove_timer(second);
      loop->post([&] { done.notify(); });
    });
    // Both are due in the same pass; `first` was armed first, so it runs first.
    loop->arm_timer(first, past);
    loop->arm_timer(second, past);
  });
  ASSERT_TRUE(done.wait_for(kHangGuard));
  EXPECT_TRUE(first_fired);
  EXPECT_FALSE(second_fired);
}

TEST(EventLoop, InfiniteDeadlineDisarms) {
  auto loop = make_loop();
  run_on(*loop, [&] {
    TimerId id = loop->add_timer([] {});
    loop->arm_timer(id, Timestamp::infinite());
    EXPECT_FALSE(loop->is_armed(id));
    EXPECT_TRUE(loop->next_deadline().is_infinite());
  });
}

struct EventFd {
  int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  ~EventFd() { close(fd); }
  void signal() const {
    const uint64_t one = 1;
    ASSERT_EQ(write(fd, &one, sizeof one), static_cast<ssize_t>(sizeof one));
  }
  void drain() const {
    uint64_t v;
    [[maybe_unused]] ssize_t n = read(fd, &v, sizeof v);
  }
};

TEST(EventLoop, FdReadinessAndUnwatch) {
  auto loop = make_loop();
  EventFd efd;
  std::atomic<int> calls{0};
  Notification first;
  WatchId watch;
  run_on(*loop, [&] {
    auto w = loop->watch(efd.fd, EPOLLIN, [&](uint32_t events) {
      EXPECT_TRUE(events & EPOLLIN);
      efd.drain();
      if (++calls == 1) first.notify();
      loop->unwatch(watch);  // unwatching itself from its own callback is allowed
    });
    ASSERT_TRUE(w) << to_string(w.error());
    watch = *w;
    // Watching the same fd twice is an error, reported with errno.
    auto twice = loop->watch(efd.fd, EPOLLIN, [](uint32_t) {});
    ASSERT_FALSE(twice);
    EXPECT_EQ(twice.error().code, EEXIST);
  });
  efd.signal();
  ASSERT_TRUE(first.wait_for(kHangGuard));
  efd.signal();
  run_on(*loop, [] {});
  run_on(*loop, [] {});
  EXPECT_EQ(calls.load(), 1);
}

TEST(EventLoop, WatchRemovedByAnEarlierCallbackOfTheSameBatchIsNotDelivered) {
  auto loop = make_loop();
  EventFd x;
  EventFd y;
  int delivered = 0;
  Notification done;
  // Both fds are readable before the watches exist, so one epoll_wait returns both.
  x.signal();
  y.signal();
  run_on(*loop, [&] {
    auto wx = std::make_shared<WatchId>();
    auto wy = std::make_shared<WatchId>();
    auto on_ready = [&, wx, wy](uint32_t) {
      ++delivered;
      loop->unwatch(*wx);
      loop->unwatch(*wy);
      loop->post([&] { done.notify(); });
    };
    *wx = *loop->watch(x.fd, EPOLLIN, on_ready);
    *wy = *loop->watch(y.fd, EPOLLIN, on_ready);
  });
  ASSERT_TRUE(done.wait_for(kHangGuard));
  EXPECT_EQ(delivered, 1);
}

TEST(EventLoop, SetEventsSwitchesToWritable) {
  auto loop = make_loop();
  EventFd efd;
  Notification got;
  uint32_t got_events = 0;
  run_on(*loop, [&] {
    auto w = loop->watch(efd.fd, EPOLLIN, [&, fired = false](uint32_t events) mutable {
      if (!fired) {
        got_events = events;
        got.notify();
      }
      fired = true;
    });
    ASSERT_TRUE(w);
    // An empty eventfd is writable but not readable.
    ASSERT_TRUE(loop->set_events(*w, EPOLLOUT));
    EXPECT_FALSE(loop->set_events(WatchId(12345), EPOLLOUT));
  });
  ASSERT_TRUE(got.wait_for(kHangGuard));
  // The fd stays writable: stop before `efd` and `got` go away under a still-running watch.
  loop->stop();
  EXPECT_EQ(got_events & (EPOLLIN | EPOLLOUT), static_cast<uint32_t>(EPOLLOUT));
}

TEST(EventLoop, StopFromACallback) {
  auto loop = make_loop();
  Notification stopped;
  bool later_task_ran = false;
  bool post_after_stop = true;
  bool timer_ran = false;
  loop->post([&] {
    TimerId t = loop->add_timer([&] { timer_ran = true; });
    loop->arm_timer(t, now());
    loop->stop();  // no deadlock: returns at once on the loop thread
    post_after_stop = loop->post([&] { later_task_ran = true; });
    stopped.notify();
  });
  loop->post([&] { later_task_ran = true; });
  ASSERT_TRUE(stopped.wait_for(kHangGuard));
  loop->stop();  // joins
  EXPECT_FALSE(post_after_stop);
  EXPECT_FALSE(later_task_ran);
  EXPECT_FALSE(timer_ran);
  EXPECT_FALSE(loop->post([] {}));
}

TEST(EventLoop, NoCallbackRunsAfterStopReturns) {
  auto loop = make_loop();
  EventFd efd;
  efd.signal();  // stays readable: the watch fires every iteration
  std::atomic<bool> stop_returned{false};
  std::atomic<int> late_callbacks{0};
  std::atomic<int> callbacks{0};
  auto check = [&] {
    ++callbacks;
    if (stop_returned.load()) ++late_callbacks;
  };
  run_on(*loop, [&] {
    ASSERT_TRUE(loop->watch(efd.fd, EPOLLIN, [&](uint32_t) { check(); }));
    auto id = std::make_shared<TimerId>();
    *id = loop->add_timer([&, id] {
      check();
      loop->arm_timer(*id, now());
    });
    loop->arm_timer(*id, now());
  });
  std::atomic<bool> keep_posting{true};
  std::thread poster([&] {
    while (keep_posting.load()) loop->post(check);
  });
  while (callbacks.load() < 1000) std::this_thread::yield();
  loop->stop();
  stop_returned.store(true);
  const int at_stop = callbacks.load();
  // Give a misbehaving loop every chance to run something late.
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  keep_posting.store(false);
  poster.join();
  EXPECT_EQ(late_callbacks.load(), 0);
  EXPECT_EQ(callbacks.load(), at_stop);
}

TEST(EventLoop, StopDestroysQueuedTasksWithoutRunningThem) {
  auto token = std::make_shared<int>(7);
  bool token_task_ran = false;
  {
    Notification blocked;
    Notification release;
    // Declared last so it is destroyed (and joined) first: the loop thread still uses `release`.
    auto loop = make_loop();
    loop->post([&] {
      blocked.notify();
      release.wait();
      loop->stop();
    });
    blocked.wait();
    // Queued behind the blocked task, which stops the loop before returning.
    ASSERT_TRUE(loop->post([&, token] { token_task_ran = true; }));
    EXPECT_EQ(token.use_count(), 2);
    release.notify();
  }
  EXPECT_FALSE(token_task_ran);
  EXPECT_EQ(token.use_count(), 1);
}

}  // namespace
}  // namespace purertc::pc
