#include "cert/fragments.hpp"

#include "cert/cert_writer.hpp"

#include <stdexcept>
#include <sys/types.h>
#include <unistd.h>

namespace relucert {

namespace {

constexpr size_t BUFFER = 1 << 20; // bytes kept in memory before a write
constexpr size_t RUN = 1 << 16;    // a writer's bytes kept before they go to the store

enum Tag : unsigned char { BRANCH = 1, LEAF, EMPTY, SYM };

// Reads back what FragmentStore wrote: a cursor over one piece's bytes.
struct Reader {
  const std::string& s;
  size_t p = 0;
  uint64_t uint() {
    uint64_t v = 0;
    for (int shift = 0;; shift += 7) {
      if (p >= s.size() || shift > 63) throw std::runtime_error("fragment store: bad varint");
      const unsigned char b = static_cast<unsigned char>(s[p++]);
      v |= static_cast<uint64_t>(b & 127) << shift;
      if (!(b & 128)) return v;
    }
  }
  mpz_class magnitude() {
    const uint64_t n = uint();
    if (n > s.size() - p) throw std::runtime_error("fragment store: truncated number");
    mpz_class z;
    mpz_import(z.get_mpz_t(), n, 1, 1, 0, 0, s.data() + p);
    p += n;
    return z;
  }
  Rational rational() {
    const bool neg = uint() != 0;
    mpz_class num = magnitude(), den = magnitude();
    if (neg) num = -num;
    return Rational(mpq_class(num, den)); // canonical already; the constructor keeps it so
  }
  RVec vec() {
    RVec v(uint());
    for (Rational& q : v)
      q = rational();
    return v;
  }
  std::vector<Multiplier> multipliers() {
    std::vector<Multiplier> lam(uint());
    for (Multiplier& m : lam) {
      m.r = uint();
      m.value = rational();
    }
    return lam;
  }
};

} // namespace

FragmentStore::FragmentStore() : file_(std::tmpfile()) {
  if (!file_) throw std::runtime_error("cannot create a temporary file for the proof tree");
}

FragmentStore::~FragmentStore() {
  std::fclose(file_);
}

size_t FragmentStore::create() {
  std::lock_guard<std::mutex> lock(m_);
  frags_.push_back({});
  return frags_.size() - 1;
}

uint64_t FragmentStore::bytes() const {
  std::lock_guard<std::mutex> lock(m_);
  return written_ + buf_.size();
}

void FragmentStore::add_piece(size_t frag, const Piece& p) {
  Fragment& f = frags_.at(frag);
  pieces_.push_back(p);
  const size_t id = pieces_.size() - 1;
  (f.tail == NONE ? f.head : pieces_[f.tail].next) = id;
  f.tail = id;
}

void FragmentStore::append(size_t frag, std::string_view event) {
  std::lock_guard<std::mutex> lock(m_);
  const uint64_t off = written_ + buf_.size();
  buf_ += event;
  if (buf_.size() >= BUFFER) flush();
  const Fragment& f = frags_.at(frag);
  if (f.tail != NONE && pieces_[f.tail].child == NONE &&
      pieces_[f.tail].off + pieces_[f.tail].len == off) {
    pieces_[f.tail].len += event.size(); // the fragment's last run goes on
    return;
  }
  add_piece(frag, {off, event.size(), NONE, NONE});
}

void FragmentStore::flush() {
  if (!buf_.empty() && std::fwrite(buf_.data(), 1, buf_.size(), file_) != buf_.size())
    throw std::runtime_error("cannot write the proof tree's temporary file (disk full?)");
  written_ += buf_.size();
  buf_.clear();
}

FragmentStore::Writer::~Writer() {
  try {
    flush();
  } catch (const std::exception&) { // (flushed explicitly where it matters: see flush())
  }
}

void FragmentStore::Writer::flush() {
  if (run_.empty()) return;
  store_.append(cur_, run_);
  run_.clear();
}

void FragmentStore::Writer::select(size_t frag) {
  if (frag != cur_) flush();
  cur_ = frag;
}

void FragmentStore::Writer::put() {
  if (run_.size() >= RUN) flush();
}

void FragmentStore::Writer::attach(size_t child) {
  flush();
  std::lock_guard<std::mutex> lock(store_.m_);
  store_.add_piece(cur_, {0, 0, child, NONE});
}

void FragmentStore::Writer::put_uint(uint64_t v) {
  for (; v >= 128; v >>= 7)
    run_ += static_cast<char>((v & 127) | 128);
  run_ += static_cast<char>(v);
}

void FragmentStore::Writer::put_rational(const Rational& q) {
  put_uint(q.sign() < 0 ? 1 : 0);
  for (const mpz_srcptr z : {q.get().get_num_mpz_t(), q.get().get_den_mpz_t()}) {
    const size_t n = mpz_sgn(z) == 0 ? 0 : (mpz_sizeinbase(z, 2) + 7) / 8; // magnitude bytes
    put_uint(n);
    const size_t start = run_.size();
    run_.resize(start + n);
    size_t count = 0;
    if (n > 0) mpz_export(run_.data() + start, &count, 1, 1, 0, 0, z);
    if (count != n) throw std::logic_error("fragment store: mpz_export wrote another size");
  }
}

void FragmentStore::Writer::put_multipliers(const std::vector<Multiplier>& lambda) {
  put_uint(lambda.size());
  for (const Multiplier& m : lambda) {
    put_uint(m.r);
    put_rational(m.value);
  }
}

void FragmentStore::Writer::branch(int unit, int point, bool active_first) {
  if (store_.text_) {
    append_branch(run_, unit, point, active_first);
    return put();
  }
  run_ += static_cast<char>(BRANCH);
  put_uint(static_cast<uint64_t>(unit));
  put_uint(static_cast<uint64_t>(point));
  put_uint(active_first ? 1 : 0);
  put();
}

void FragmentStore::Writer::leaf(const RVec& u, const RVec& mu,
                                 const std::vector<Multiplier>& lambda) {
  if (store_.text_) {
    append_leaf(run_, u, mu, lambda);
    return put();
  }
  run_ += static_cast<char>(LEAF);
  for (const RVec* v : {&u, &mu}) {
    put_uint(v->size());
    for (const Rational& q : *v)
      put_rational(q);
  }
  put_multipliers(lambda);
  put();
}

void FragmentStore::Writer::leaf(const RVec& u, const RVec& mu,
                                 const std::vector<Multiplier>& lambda,
                                 const std::vector<WideMultiplier>& hinge) {
  if (!store_.text_) return Tracer::leaf(u, mu, lambda, hinge);
  append_leaf(run_, u, mu, lambda, hinge);
  put();
}

void FragmentStore::Writer::empty(const std::vector<Multiplier>& lambda) {
  if (store_.text_) {
    append_empty(run_, lambda);
    return put();
  }
  run_ += static_cast<char>(EMPTY);
  put_multipliers(lambda);
  put();
}

void FragmentStore::Writer::implied(int unit, int point, bool active_first,
                                    const std::vector<Multiplier>& lambda) {
  if (!store_.text_) return Tracer::implied(unit, point, active_first, lambda);
  append_implied(run_, unit, point, active_first, lambda);
  put();
}

void FragmentStore::Writer::empty(const std::vector<SmallMultiplier>& lambda) {
  if (!store_.text_) return Tracer::empty(lambda);
  append_empty(run_, lambda);
  put();
}

void FragmentStore::Writer::implied(int unit, int point, bool active_first,
                                    const std::vector<SmallMultiplier>& lambda) {
  if (!store_.text_) return Tracer::implied(unit, point, active_first, lambda);
  append_implied(run_, unit, point, active_first, lambda);
  put();
}

void FragmentStore::Writer::sym(int unit, int point) {
  if (store_.text_) {
    append_sym(run_, unit, point);
    return put();
  }
  run_ += static_cast<char>(SYM);
  put_uint(static_cast<uint64_t>(unit));
  put_uint(static_cast<uint64_t>(point));
  put();
}

void FragmentStore::Writer::text(std::string_view records) {
  run_ += records;
  put();
}

void FragmentStore::clear() {
  std::lock_guard<std::mutex> lock(m_);
  pieces_.clear(), frags_.clear(), buf_.clear();
  written_ = 0;
  std::rewind(file_);
  if (::ftruncate(::fileno(file_), 0) != 0)
    throw std::runtime_error("cannot truncate the proof tree's temporary file");
}

void FragmentStore::replay(size_t root, Tracer& out, const std::function<bool(size_t)>& open,
                           const std::function<void(size_t)>& on_open) {
  std::lock_guard<std::mutex> lock(m_);
  if (open && open(root)) return on_open(root);
  flush();
  if (std::fflush(file_) != 0) throw std::runtime_error("cannot write the proof tree's file");
  std::string bytes;
  // An explicit stack of pieces to visit: a tree of holes may be as deep as the search tree.
  std::vector<size_t> todo;
  if (frags_.at(root).head != NONE) todo.push_back(frags_[root].head);
  while (!todo.empty()) {
    const Piece pc = pieces_[todo.back()];
    todo.pop_back();
    if (pc.next != NONE) todo.push_back(pc.next);
    if (pc.child != NONE) { // the hole's fragment, before the rest of this one
      if (open && open(pc.child))
        on_open(pc.child);
      else if (frags_.at(pc.child).head != NONE)
        todo.push_back(frags_[pc.child].head);
      continue;
    }
    bytes.resize(pc.len);
    if (fseeko(file_, static_cast<off_t>(pc.off), SEEK_SET) != 0 ||
        std::fread(bytes.data(), 1, pc.len, file_) != pc.len)
      throw std::runtime_error("cannot read back the proof tree's temporary file");
    if (text_) { // whole record lines, as the tracer writes them
      out.text(bytes);
      continue;
    }
    Reader r{bytes};
    while (r.p < bytes.size()) {
      const unsigned char tag = static_cast<unsigned char>(bytes[r.p++]);
      if (tag == BRANCH) {
        const int unit = static_cast<int>(r.uint()), point = static_cast<int>(r.uint());
        out.branch(unit, point, r.uint() != 0);
      } else if (tag == LEAF) {
        const RVec u = r.vec(), mu = r.vec();
        out.leaf(u, mu, r.multipliers());
      } else if (tag == EMPTY) {
        out.empty(r.multipliers());
      } else if (tag == SYM) {
        const int unit = static_cast<int>(r.uint());
        out.sym(unit, static_cast<int>(r.uint()));
      } else {
        throw std::runtime_error("fragment store: unknown event");
      }
    }
  }
  // Back to the end for further writes.
  if (std::fseek(file_, 0, SEEK_END) != 0) throw std::runtime_error("fragment store: seek");
}

} // namespace relucert
