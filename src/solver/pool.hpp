// The pool of open nodes that the search's workers share (certs/MATH.md §2: every open node
// is a region of one sign tree still to be closed). A worker takes the node of lowest bound,
// plunges depth-first from it and leaves second children here; the search is over when the
// pool is empty and no worker is plunging (a plunging worker may still add nodes).
#pragma once

#include "solver/constraint.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <limits>
#include <mutex>
#include <optional>
#include <vector>

namespace relucert {

// An open node: its tree, its path from the root, an interior point of its region, the float
// bound it was left with (its parent's), and the fragment its subtree is written to.
struct OpenNode {
  size_t tree = 0;
  std::vector<Constraint> path;
  std::vector<double> ip;
  double bound = 0;
  uint64_t seq = 0; // order of creation: ties go to the older node
  size_t frag = 0;
};

class NodePool {
public:
  // memory: bytes of open nodes beyond which full() holds.
  explicit NodePool(size_t memory) : memory_(memory) {}

  void push(OpenNode nd) {
    std::lock_guard<std::mutex> lock(m_);
    nd.seq = seq_++;
    bytes_ += bytes(nd);
    heap_.push_back(std::move(nd));
    std::push_heap(heap_.begin(), heap_.end(), Worse{});
    size_ = heap_.size();
    max_size_ = std::max<uint64_t>(max_size_, heap_.size());
    full_ = bytes_ >= memory_;
    min_bound_ = heap_.front().bound;
    cv_.notify_one();
  }

  // The open node of lowest bound (deepest, then oldest, among equal bounds); the caller is
  // busy until it calls done(). Waits while the pool is empty and another worker is busy;
  // nothing once the pool is empty and no worker is busy, or after stop().
  std::optional<OpenNode> take() {
    std::unique_lock<std::mutex> lock(m_);
    cv_.wait(lock, [&] { return stopped_ || !heap_.empty() || busy_ == 0; });
    if (stopped_ || heap_.empty()) return std::nullopt;
    std::pop_heap(heap_.begin(), heap_.end(), Worse{});
    OpenNode nd = std::move(heap_.back());
    heap_.pop_back();
    bytes_ -= bytes(nd);
    size_ = heap_.size();
    full_ = bytes_ >= memory_;
    min_bound_ = heap_.empty() ? std::numeric_limits<double>::infinity() : heap_.front().bound;
    ++busy_;
    return nd;
  }

  void done() {
    std::lock_guard<std::mutex> lock(m_);
    --busy_;
    if (busy_ == 0) cv_.notify_all(); // waiting workers may now see that the search is over
  }

  // No more nodes are handed out; waiting workers return.
  void stop() {
    std::lock_guard<std::mutex> lock(m_);
    stopped_ = true;
    cv_.notify_all();
  }

  // Every node left (after the workers have returned).
  std::vector<OpenNode> drain() {
    std::lock_guard<std::mutex> lock(m_);
    std::vector<OpenNode> out = std::move(heap_);
    heap_.clear();
    bytes_ = 0, size_ = 0, full_ = false;
    min_bound_ = std::numeric_limits<double>::infinity();
    return out;
  }

  // Snapshots without the lock (for progress displays and the memory limit).
  bool full() const { return full_; }
  size_t size() const { return size_; }
  double min_bound() const { return min_bound_; }
  uint64_t max_size() const { return max_size_; }

private:
  // Heap order: the top is the lowest bound; among equal bounds the deepest, then the oldest.
  struct Worse {
    bool operator()(const OpenNode& a, const OpenNode& b) const {
      if (a.bound != b.bound) return a.bound > b.bound;
      if (a.path.size() != b.path.size()) return a.path.size() < b.path.size();
      return a.seq > b.seq;
    }
  };
  static size_t bytes(const OpenNode& nd) {
    return sizeof(OpenNode) + nd.path.capacity() * sizeof(Constraint) +
           nd.ip.capacity() * sizeof(double);
  }

  std::mutex m_;
  std::condition_variable cv_;
  std::vector<OpenNode> heap_;
  size_t memory_, bytes_ = 0;
  uint64_t seq_ = 0;
  int busy_ = 0;
  bool stopped_ = false;
  std::atomic<bool> full_{false};
  std::atomic<size_t> size_{0};
  std::atomic<double> min_bound_{std::numeric_limits<double>::infinity()};
  std::atomic<uint64_t> max_size_{0};
};

} // namespace relucert
