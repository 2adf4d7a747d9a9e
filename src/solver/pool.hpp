// The pool of open nodes that the search's workers share (certs/MATH.md §2: every open node
// is a region of one sign tree still to be closed). A worker takes the node of lowest bound,
// plunges depth-first from it and leaves second children here; the search is over when the
// pool is empty and no worker is plunging (a plunging worker may still add nodes).
#pragma once

#include "solver/constraint.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
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
  // The parent's float working set (path depths): where the node's QP starts (a hint only;
  // not sent to remote workers, which start cold).
  std::vector<int> warm;
};

class NodePool {
  struct Slot {
    OpenNode node;
    uint64_t gen = 0;
    bool live = false;
  };
  struct Ref { // a slot as it was when the Ref was made
    size_t at;
    uint64_t gen;
  };
  struct Worse {
    const std::vector<Slot>* slots;
    bool operator()(const Ref& x, const Ref& y) const {
      const OpenNode &a = (*slots)[x.at].node, &b = (*slots)[y.at].node;
      if (a.bound != b.bound) return a.bound > b.bound;
      if (a.path.size() != b.path.size()) return a.path.size() < b.path.size();
      return a.seq > b.seq;
    }
  };

public:
  // memory: bytes of open nodes beyond which full() holds; workers: how many take nodes.
  explicit NodePool(size_t memory, size_t workers = 1) : recent_(workers), memory_(memory) {}
  void set_workers(size_t workers) { recent_.assign(workers, {}); }

  // A node left by `worker` (its most recent one is where its plunge can go on cheaply).
  void push(OpenNode nd, size_t worker = 0) {
    std::lock_guard<std::mutex> lock(m_);
    nd.seq = seq_++;
    bytes_ += bytes(nd);
    size_t at;
    if (free_.empty()) {
      at = slots_.size();
      slots_.push_back({std::move(nd), 0, true});
    } else {
      at = free_.back();
      free_.pop_back();
      slots_[at].node = std::move(nd);
      slots_[at].live = true;
    }
    const Ref ref{at, slots_[at].gen};
    heap_.push_back(ref);
    std::push_heap(heap_.begin(), heap_.end(), worse());
    recent_.at(worker).push_back(ref);
    ++live_;
    max_size_ = std::max<uint64_t>(max_size_, live_);
    snapshot();
    cv_.notify_one();
  }

  // The next node for `worker`, which is busy until it calls done(): its own most recent node
  // if that node's bound is within a quarter of the gap (incumbent - lowest bound) of the
  // lowest bound (a short jump: the plunge's sibling, most of the path shared), else the open
  // node of lowest bound (deepest, then oldest, among equal bounds), so that the lowest bound
  // keeps rising. With depth_first, always the most recent node, of any worker. Waits while the
  // pool is empty and another worker is busy; nothing once the pool is empty and no worker is
  // busy, or after stop().
  // With wait = false: nothing at once if the pool is empty (a proxy filling a batch).
  std::optional<OpenNode> take(size_t worker = 0, double incumbent = 0, bool depth_first = false,
                               bool wait = true) {
    std::unique_lock<std::mutex> lock(m_);
    if (wait) cv_.wait(lock, [&] { return stopped_ || live_ > 0 || busy_ == 0; });
    if (stopped_ || live_ == 0) return std::nullopt;
    clean_heap();
    std::vector<Ref>& mine = recent_.at(worker);
    while (!mine.empty() && !valid(mine.back()))
      mine.pop_back();
    size_t pick = heap_.front().at;
    if (!mine.empty()) {
      const double best = slots_[pick].node.bound, own = slots_[mine.back().at].node.bound;
      // (A lowest bound of -inf, a node not evaluated yet, is taken first: no gap to plunge in.)
      if (depth_first || (std::isfinite(best) && own - best <= 0.25 * (incumbent - best)))
        pick = mine.back().at;
    } else if (depth_first) {
      pick = latest();
    }
    Slot& sl = slots_[pick];
    OpenNode nd = std::move(sl.node);
    sl.live = false;
    ++sl.gen; // every Ref to it is stale now
    free_.push_back(pick);
    --live_;
    bytes_ -= bytes(nd);
    if (heap_.size() > 64 && heap_.size() > 4 * live_) rebuild(); // stale Refs: at most 3/4
    snapshot();
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
    std::vector<OpenNode> out;
    for (Slot& sl : slots_)
      if (sl.live) out.push_back(std::move(sl.node));
    slots_.clear(), free_.clear(), heap_.clear();
    for (auto& r : recent_)
      r.clear();
    bytes_ = 0, live_ = 0;
    snapshot();
    return out;
  }

  // Snapshots without the lock (for progress displays and the memory limit).
  bool full() const { return full_; }
  size_t size() const { return size_; }
  double min_bound() const { return min_bound_; }
  uint64_t max_size() const { return max_size_; }

private:
  bool valid(const Ref& r) const { return slots_[r.at].live && slots_[r.at].gen == r.gen; }
  // Heap order: the top is the lowest bound; among equal bounds the deepest, then the oldest.
  Worse worse() const { return Worse{&slots_}; }
  void clean_heap() {
    while (!heap_.empty() && !valid(heap_.front())) {
      std::pop_heap(heap_.begin(), heap_.end(), worse());
      heap_.pop_back();
    }
  }
  size_t latest() const { // the live node pushed last
    size_t best = SIZE_MAX;
    for (size_t i = 0; i < slots_.size(); ++i)
      if (slots_[i].live && (best == SIZE_MAX || slots_[i].node.seq > slots_[best].node.seq))
        best = i;
    return best;
  }
  void rebuild() {
    heap_.clear();
    for (size_t i = 0; i < slots_.size(); ++i)
      if (slots_[i].live) heap_.push_back({i, slots_[i].gen});
    std::make_heap(heap_.begin(), heap_.end(), worse());
    for (auto& r : recent_)
      r.erase(std::remove_if(r.begin(), r.end(), [&](const Ref& x) { return !valid(x); }), r.end());
  }
  void snapshot() {
    clean_heap();
    size_ = live_;
    full_ = bytes_ >= memory_;
    min_bound_ = heap_.empty() ? std::numeric_limits<double>::infinity()
                               : slots_[heap_.front().at].node.bound;
  }
  static size_t bytes(const OpenNode& nd) {
    return sizeof(OpenNode) + nd.path.capacity() * sizeof(Constraint) +
           nd.ip.capacity() * sizeof(double);
  }

  std::mutex m_;
  std::condition_variable cv_;
  std::vector<Slot> slots_;
  std::vector<size_t> free_;
  std::vector<Ref> heap_;
  std::vector<std::vector<Ref>> recent_; // per worker, in push order
  size_t memory_, bytes_ = 0, live_ = 0;
  uint64_t seq_ = 0;
  int busy_ = 0;
  bool stopped_ = false;
  std::atomic<bool> full_{false};
  std::atomic<size_t> size_{0};
  std::atomic<double> min_bound_{std::numeric_limits<double>::infinity()};
  std::atomic<uint64_t> max_size_{0};
};

} // namespace relucert
