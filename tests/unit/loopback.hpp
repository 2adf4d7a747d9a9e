// Remote workers (solver/remote.hpp) in threads of the test process, joined to the master by
// in-process queues instead of MPI: the protocol, the proxies and the stitching of returned
// subtrees are the ones relucert-mpi runs; only the transport differs. One remote worker may be
// told to die after a number of work items (it stops answering and its channel reports it
// gone), as a killed MPI rank does under --enable-recovery.
#pragma once

#include "io/instance.hpp"
#include "solver/model.hpp"
#include "solver/remote.hpp"
#include "solver/search.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace testutil {

class Queue {
public:
  void push(std::string s) {
    std::lock_guard<std::mutex> lock(m_);
    q_.push_back(std::move(s));
    cv_.notify_one();
  }
  std::optional<std::string> pop(double timeout) {
    std::unique_lock<std::mutex> lock(m_);
    if (!cv_.wait_for(lock, std::chrono::duration<double>(timeout), [&] { return !q_.empty(); }))
      return std::nullopt;
    std::string s = std::move(q_.front());
    q_.pop_front();
    return s;
  }

private:
  std::mutex m_;
  std::condition_variable cv_;
  std::deque<std::string> q_;
};

struct Link {
  Queue to_remote, to_master;
  std::atomic<bool> remote_gone{false};
  int die_after = -1; // results the remote sends before it dies (-1: never)
  int sent = 0;
};

struct Died {}; // thrown in a remote worker's thread when it is told to die

class MasterEnd : public relucert::Channel {
public:
  explicit MasterEnd(Link& l) : l_(l) {}
  void send(const std::string& msg) override { l_.to_remote.push(msg); }
  std::optional<std::string> receive(double timeout) override {
    if (l_.remote_gone) return std::nullopt;
    return l_.to_master.pop(timeout);
  }
  bool alive() override { return !l_.remote_gone; }

private:
  Link& l_;
};

class RemoteEnd : public relucert::Channel {
public:
  explicit RemoteEnd(Link& l) : l_(l) {}
  void send(const std::string& msg) override {
    if (l_.die_after >= 0 && l_.sent == l_.die_after) {
      l_.remote_gone = true;
      throw Died{};
    }
    ++l_.sent;
    l_.to_master.push(msg);
  }
  std::optional<std::string> receive(double timeout) override { return l_.to_remote.pop(timeout); }
  bool alive() override { return true; }

private:
  Link& l_;
};

// `n` remote workers serving a fit of (inst, model, opt); `die_after` >= 0: the first of them
// dies before sending its result number die_after + 1. Put channels() into
// SearchOptions::remotes of the master's fit; the destructor ends the workers and joins them.
class Loopback {
public:
  Loopback(const relucert::Instance& inst, const relucert::Model& model,
           const relucert::SearchOptions& opt, size_t n, int die_after = -1)
      : opt_(opt) {
    opt_.remotes.clear();
    for (size_t r = 0; r < n; ++r) {
      links_.push_back(std::make_unique<Link>());
      if (r == 0) links_.back()->die_after = die_after;
      masters_.push_back(std::make_unique<MasterEnd>(*links_.back()));
      remotes_.push_back(std::make_unique<RemoteEnd>(*links_.back()));
    }
    errors_.resize(n);
    for (size_t r = 0; r < n; ++r)
      threads_.emplace_back([this, &inst, &model, r] {
        try {
          (void)relucert::serve_remote(inst, model, opt_, *remotes_[r]);
        } catch (const Died&) {
        } catch (...) {
          errors_[r] = std::current_exception();
        }
      });
  }
  ~Loopback() { finish(); }
  // Ends the remote workers (after the master's fit) and joins them; then rethrow() reports.
  void finish() {
    if (finished_) return;
    finished_ = true;
    for (size_t r = 0; r < links_.size(); ++r)
      if (!links_[r]->remote_gone) relucert::end_remote(*masters_[r]);
    for (std::thread& t : threads_)
      t.join();
  }
  std::vector<relucert::Channel*> channels() {
    std::vector<relucert::Channel*> c;
    for (auto& m : masters_)
      c.push_back(m.get());
    return c;
  }
  size_t results(size_t r) const { return static_cast<size_t>(links_.at(r)->sent); }
  bool gone(size_t r) const { return links_.at(r)->remote_gone; }
  // The first exception a remote worker threw (rethrown), if any; after finish().
  void rethrow() const {
    for (const auto& e : errors_)
      if (e) std::rethrow_exception(e);
  }

private:
  relucert::SearchOptions opt_;
  std::vector<std::unique_ptr<Link>> links_;
  std::vector<std::unique_ptr<MasterEnd>> masters_;
  std::vector<std::unique_ptr<RemoteEnd>> remotes_;
  std::vector<std::thread> threads_;
  std::vector<std::exception_ptr> errors_;
  bool finished_ = false;
};

} // namespace testutil
