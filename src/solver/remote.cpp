#include "solver/remote.hpp"

#include "solver/heuristics.hpp"
#include "solver/shared.hpp"
#include "solver/worker.hpp"

#include <cstring>
#include <limits>
#include <stdexcept>
#include <unordered_map>

namespace relucert {

namespace {

constexpr double INF = std::numeric_limits<double>::infinity();

// Message kinds (the first byte).
enum : char { WORK = 'W', RESULT = 'R', END = 'E' };

// Encoding: unsigned integers as fixed 8-byte words, doubles bit for bit, strings and
// rationals (canonical text) with their length first. Both ends are one build of relucert.
class Out {
public:
  explicit Out(char kind) : s_(1, kind) {}
  void u64(uint64_t v) { word(v); }
  void f64(double v) { word(v); }
  void str(std::string_view t) {
    u64(t.size());
    s_.append(t);
  }
  void rational(const Rational& q) { str(q.str()); }
  std::string& bytes() { return s_; }

private:
  template <class T> void word(T v) { s_.append(reinterpret_cast<const char*>(&v), sizeof v); }
  std::string s_;
};

class In {
public:
  explicit In(const std::string& s) : s_(s) {}
  char kind() {
    need(1);
    return s_[p_++];
  }
  uint64_t u64() { return word<uint64_t>(); }
  double f64() { return word<double>(); }
  std::string str() {
    const uint64_t n = u64();
    need(n);
    std::string t = s_.substr(p_, n);
    p_ += n;
    return t;
  }
  Rational rational() {
    std::optional<Rational> q = Rational::parse_canonical(str());
    if (!q) throw std::runtime_error("remote worker: a malformed number in a message");
    return *q;
  }
  bool done() const { return p_ == s_.size(); }

private:
  template <class T> T word() { // 8 bytes as Out wrote them
    T v;
    need(sizeof v);
    std::memcpy(&v, s_.data() + p_, sizeof v);
    p_ += sizeof v;
    return v;
  }
  void need(uint64_t n) const {
    if (n > s_.size() - p_) throw std::runtime_error("remote worker: a truncated message");
  }
  const std::string& s_;
  size_t p_ = 0;
};

void put_node(Out& o, const OpenNode& nd) {
  o.u64(nd.tree);
  o.u64(nd.path.size());
  for (const Constraint& c : nd.path) {
    o.u64(static_cast<uint64_t>(c.unit));
    o.u64(static_cast<uint64_t>(c.point));
    o.u64((c.active ? 1 : 0) | (c.implied ? 2 : 0));
  }
  o.u64(nd.ip.size());
  for (double x : nd.ip)
    o.f64(x);
  o.f64(nd.bound);
}

OpenNode get_node(In& in) {
  OpenNode nd;
  nd.tree = in.u64();
  nd.path.resize(in.u64());
  for (Constraint& c : nd.path) {
    c.unit = static_cast<int>(in.u64());
    c.point = static_cast<int>(in.u64());
    const uint64_t f = in.u64();
    c.active = (f & 1) != 0;
    c.implied = (f & 2) != 0;
  }
  nd.ip.resize(in.u64());
  for (double& x : nd.ip)
    x = in.f64();
  nd.bound = in.f64();
  return nd;
}

void put_tally(Out& o, const Tally& t) {
  const SearchStats& s = t.stats;
  for (const uint64_t* v : SearchStats::sums(s))
    o.u64(*v);
  o.u64(t.counts.size());
  for (const TreeCounts& c : t.counts)
    for (uint64_t v : {c.branches, c.leaves, c.empties, c.syms})
      o.u64(v);
  o.u64(t.have_min_leaf ? 1 : 0);
  if (t.have_min_leaf) o.rational(t.min_leaf);
  o.f64(t.min_leaf_f);
  o.f64(t.float_inc);
}

Tally get_tally(In& in) {
  Tally t;
  SearchStats& s = t.stats;
  for (uint64_t* v : SearchStats::sums(s))
    *v = in.u64();
  t.counts.resize(in.u64());
  for (TreeCounts& c : t.counts)
    for (uint64_t* v : {&c.branches, &c.leaves, &c.empties, &c.syms})
      *v = in.u64();
  t.have_min_leaf = in.u64() != 0;
  if (t.have_min_leaf) t.min_leaf = in.rational();
  t.min_leaf_f = in.f64();
  t.float_inc = in.f64();
  return t;
}

void put_network(Out& o, const Network& net) {
  o.u64(net.size());
  for (const Unit& u : net) {
    o.rational(u.a);
    o.u64(u.w.size());
    for (const Rational& w : u.w)
      o.rational(w);
    o.rational(u.b);
  }
}

Network get_network(In& in) {
  Network net(in.u64());
  for (Unit& u : net) {
    u.a = in.rational();
    u.w.resize(in.u64());
    for (Rational& w : u.w)
      w = in.rational();
    u.b = in.rational();
  }
  return net;
}

// What a slice did, as a delta of the worker's running tally.
Tally minus(const Tally& now, const Tally& before) {
  Tally d = now;
  const auto as = SearchStats::sums(d.stats);
  const auto bs = SearchStats::sums(before.stats);
  for (size_t t = 0; t < as.size(); ++t)
    *as[t] -= *bs[t];
  for (size_t t = 0; t < d.counts.size() && t < before.counts.size(); ++t) {
    d.counts[t].branches -= before.counts[t].branches;
    d.counts[t].leaves -= before.counts[t].leaves;
    d.counts[t].empties -= before.counts[t].empties;
    d.counts[t].syms -= before.counts[t].syms;
  }
  return d;
}

// Collects a replayed subtree as pieces: record text and holes (the open nodes' indices).
class Pieces : public Tracer {
public:
  explicit Pieces(Out& o) : o_(o) {}
  void text(std::string_view records) override { run_.append(records); }
  void hole(uint64_t index) {
    flush();
    list_.push_back({"", index});
  }
  void write() {
    flush();
    o_.u64(list_.size());
    for (const auto& [t, index] : list_) {
      o_.u64(index);
      if (index == UINT64_MAX) o_.str(t);
    }
  }

private:
  void flush() {
    if (!run_.empty()) list_.push_back({std::move(run_), UINT64_MAX});
    run_.clear();
  }
  Out& o_;
  std::string run_;
  std::vector<std::pair<std::string, uint64_t>> list_; // text (index UINT64_MAX) or a hole
};

} // namespace

void end_remote(Channel& worker, bool abrupt) {
  Out o(END);
  o.u64(abrupt ? 1 : 0);
  worker.send(o.bytes());
}

bool serve_remote(const Instance& inst, const Model& model, const SearchOptions& opt,
                  Channel& master) {
  Shared sh(inst, model, opt);
  sh.prepare(1);
  sh.frags.use_text(true);
  sh.inc = sh.pb.zero_loss;
  sh.inc_f = sh.pb.loss_f(sh.inc);
  std::optional<Worker> w;
  if (sh.pb.complete) w.emplace(sh, 0);
  Tally before = w ? w->tally() : Tally{};
  for (;;) {
    std::optional<std::string> msg = master.receive(1.0);
    if (!msg) {
      if (!master.alive()) return true; // the master is gone: nothing to return to
      continue;
    }
    In in(*msg);
    const char kind = in.kind();
    if (kind == END) return in.u64() != 0;
    if (kind != WORK) throw std::runtime_error("remote worker: an unknown message");
    const Rational inc = in.rational();
    std::vector<OpenNode> batch(in.u64());
    for (OpenNode& nd : batch)
      nd = get_node(in);
    const double slice = in.f64();
    {
      std::lock_guard<std::mutex> lock(sh.inc_m);
      if (inc < sh.inc) {
        sh.inc = inc;
        sh.inc_f = sh.pb.loss_f(inc);
        ++sh.inc_version;
      }
    }
    const Rational inc_before = sh.inc;
    sh.frags.clear();
    std::vector<size_t> roots;
    for (OpenNode& nd : batch) {
      roots.push_back(nd.frag = sh.frags.create());
      sh.pool.push(std::move(nd));
    }
    const double t0 = sh.seconds();
    if (w) w->run(t0 + slice); // (set-up stopped by the time limit: the node returns)
    const double busy = sh.seconds() - t0;
    std::vector<OpenNode> rest = sh.pool.drain();
    std::unordered_map<size_t, uint64_t> open; // fragment -> index in rest
    for (size_t r = 0; r < rest.size(); ++r)
      open[rest[r].frag] = r;
    Out o(RESULT);
    for (size_t root : roots) { // each node's subtree, in the order they came
      Pieces pieces(o);
      if (sh.exact) // (float_only: no records, and the open nodes have no fragments)
        sh.frags.replay(
            root, pieces, [&](size_t f) { return open.count(f) != 0; },
            [&](size_t f) { pieces.hole(open.at(f)); });
      pieces.write();
    }
    o.u64(rest.size());
    for (const OpenNode& r : rest)
      put_node(o, r);
    const Tally now = w ? w->tally() : Tally{};
    put_tally(o, minus(now, before));
    before = now;
    o.f64(busy);
    std::lock_guard<std::mutex> lock(sh.inc_m);
    o.u64(sh.inc < inc_before ? 1 : 0);
    if (sh.inc < inc_before) put_network(o, sh.witness);
    master.send(o.bytes());
  }
}

bool run_proxy(Shared& sh, size_t id, Channel& ch, Tally& tally) {
  uint64_t nodes = 0;
  const size_t proxies = sh.opt.remotes.size();
  while (std::optional<OpenNode> first = sh.pool.take(id, sh.inc_f.load(), !sh.best_first)) {
    // A batch: this node and, while the pool keeps two nodes for each other worker, more, up
    // to remote_batch (small subtrees cost a round trip each otherwise).
    std::vector<OpenNode> batch;
    batch.push_back(std::move(*first));
    while (batch.size() < sh.opt.remote_batch && sh.pool.size() > 2 * proxies)
      if (std::optional<OpenNode> more = sh.pool.take(id, sh.inc_f.load(), !sh.best_first, false))
        batch.push_back(std::move(*more));
      else
        break;
    double lowest = INF;
    size_t depth = 0;
    for (const OpenNode& nd : batch)
      lowest = std::min(lowest, nd.bound), depth = std::max(depth, nd.path.size());
    sh.plunge[id] = lowest;
    Out o(WORK);
    {
      std::lock_guard<std::mutex> lock(sh.inc_m);
      o.rational(sh.inc);
    }
    o.u64(batch.size());
    for (const OpenNode& nd : batch)
      put_node(o, nd);
    o.f64(sh.opt.remote_slice);
    const double t_send = sh.seconds();
    const size_t bytes_out = o.bytes().size();
    ch.send(o.bytes());
    std::optional<std::string> msg;
    while (!(msg = ch.receive(0.05))) {
      if (!ch.alive()) break;
      if (sh.out_of_time()) { // the master's time limit or interrupt: no more work goes out
        sh.stop = true;
        sh.pool.stop();
      }
      sh.poll(depth, lowest, INF);
    }
    if (!msg) { // the worker is gone: its nodes back into the pool, their subtrees unwritten
      sh.plunge[id] = INF;
      for (OpenNode& nd : batch) {
        sh.pool.push(std::move(nd), id);
        sh.pool.done();
      }
      return false;
    }
    const double t_recv = sh.seconds();
    In in(*msg);
    if (in.kind() != RESULT) throw std::runtime_error("remote worker: an unexpected message");
    // Each subtree's text goes where its node's fragment is; each hole becomes a fragment of
    // its own for an open node.
    FragmentStore::Writer wr(sh.frags);
    std::vector<std::pair<uint64_t, size_t>> holes; // (open node index, its fragment)
    for (const OpenNode& nd : batch) {
      wr.select(nd.frag);
      const uint64_t npieces = in.u64();
      for (uint64_t p = 0; p < npieces; ++p) {
        const uint64_t index = in.u64();
        if (index == UINT64_MAX) {
          wr.text(in.str());
          continue;
        }
        const size_t f = sh.frags.create();
        wr.attach(f);
        holes.push_back({index, f});
      }
    }
    wr.flush();
    std::vector<OpenNode> open(in.u64());
    for (OpenNode& r : open)
      r = get_node(in);
    for (const auto& [index, f] : holes)
      open.at(index).frag = f;
    const Tally d = get_tally(in);
    const double busy = in.f64();
    tally.add(d);
    nodes += d.stats.nodes;
    sh.nodes[id] = nodes;
    for (double m = sh.min_leaf_f;
         d.min_leaf_f < m && !sh.min_leaf_f.compare_exchange_weak(m, d.min_leaf_f);)
      ;
    if (in.u64() != 0) { // a better witness: its loss recomputed here
      Network net = get_network(in);
      Rational inc;
      {
        std::lock_guard<std::mutex> lock(sh.inc_m);
        inc = sh.inc;
      }
      if (!model_mismatch(net, sh.model, sh.inst.d))
        if (std::optional<Rational> loss = exact_loss_below(sh.inst, net, inc))
          if (sh.offer(std::move(net), *loss)) ++tally.stats.incumbent_updates;
    }
    if (!in.done()) throw std::runtime_error("remote worker: a malformed result");
    if (sh.exact && holes.size() != open.size())
      throw std::runtime_error("remote worker: open nodes without their place in the tree");
    if (sh.trace) { // item sent, received, applied; the worker's busy time; what came back
      std::lock_guard<std::mutex> lock(sh.trace_m);
      std::string frags; // the batch's nodes, comma-separated
      for (const OpenNode& nd : batch)
        frags += (frags.empty() ? "" : ",") + std::to_string(nd.frag);
      std::fprintf(sh.trace, "item %zu %s %zu %.6f %.6f %.6f %.6f %zu %zu %llu", id, frags.c_str(),
                   depth, t_send, t_recv, sh.seconds(), busy, bytes_out, msg->size(),
                   static_cast<unsigned long long>(d.stats.nodes));
      for (const OpenNode& r : open)
        std::fprintf(sh.trace, " %zu", r.frag);
      std::fputc('\n', sh.trace);
    }
    for (OpenNode& r : open)
      sh.pool.push(std::move(r), id);
    sh.plunge[id] = INF;
    for (size_t k = 0; k < batch.size(); ++k)
      sh.pool.done();
    if (sh.out_of_time()) {
      sh.stop = true;
      sh.pool.stop();
    }
  }
  return true;
}

} // namespace relucert
