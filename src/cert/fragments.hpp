// Fragments of a proof tree written out of order and stitched in preorder (certs/FORMAT.md §3:
// the certificate is one preorder walk per tree; a search that closes subtrees in any order
// still writes that walk).
//
// A fragment is a sequence of node events (branch, leaf, empty, sym) and holes; a hole stands
// for another fragment, to be read in its place. A search that leaves a subtree open creates a
// fragment for it, attaches it as a hole where the subtree belongs in preorder, and selects it
// when it comes back to the subtree. replay() walks a root fragment in preorder and sends the
// events to a Tracer: the same calls, in the same order, as a depth-first search making the
// same decisions would have made.
//
// Events are stored in compact binary form (integers as varints, rationals as GMP's exported
// magnitudes) or, for a final tracer that takes text (Tracer::takes_text, the certificate
// writer), as the records' text itself, formatted by the worker that made them, so that
// replay() only copies bytes. Either way they live in an anonymous temporary file (tmpfile(3):
// unlinked from the start, so nothing is left behind however the process ends); memory holds only
// the list of pieces, 32 bytes per piece of consecutive events and per hole.
#pragma once

#include "cert/tracer.hpp"

#include <cstdint>
#include <cstdio>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace relucert {

class FragmentStore {
public:
  FragmentStore();
  ~FragmentStore();
  FragmentStore(const FragmentStore&) = delete;
  FragmentStore& operator=(const FragmentStore&) = delete;

  size_t create(); // a new, empty fragment; returns its id
  // Events as record text (for a tracer that takes_text) from now on; before the first event.
  void use_text(bool text) { text_ = text; }

  // One worker's view: the node events it is given go to the fragment it selected. Writers of
  // one store may run in different threads. A writer keeps its events in a buffer of its own
  // and hands them to the store (under the store's lock, as one run) when the buffer is full,
  // at select() and attach(), and at flush(): a fragment's events reach the store in order, and
  // the runs are long, so replay() reads few pieces whatever the number of writers.
  class Writer : public Tracer {
  public:
    explicit Writer(FragmentStore& store) : store_(store) {}
    ~Writer() override;
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;
    void select(size_t frag);  // the node events below go to this fragment
    void attach(size_t child); // appends to it a hole for `child`
    // Hands the buffered events to the store; before replay() and before the subtree's node is
    // reported done (another thread may then replay it).
    void flush();
    void branch(int unit, int point, bool active_first) override;
    void leaf(const RVec& u, const RVec& mu, const std::vector<Multiplier>& lambda) override;
    // In text form straight from the integers; in binary form as the Rationals (Tracer's).
    void leaf(const RVec& u, const RVec& mu, const std::vector<Multiplier>& lambda,
              const std::vector<WideMultiplier>& hinge) override;
    void empty(const std::vector<Multiplier>& lambda) override;
    // As record text, one `implied` line; in binary form a branch and an empty event.
    void implied(int unit, int point, bool active_first,
                 const std::vector<Multiplier>& lambda) override;
    // In text form straight from the integers; in binary form as the Rationals (Tracer's).
    void empty(const std::vector<SmallMultiplier>& lambda) override;
    void implied(int unit, int point, bool active_first,
                 const std::vector<SmallMultiplier>& lambda) override;
    void sym(int unit, int point) override;
    // Record lines as they are (a store in text form): a subtree written elsewhere.
    void text(std::string_view records) override;

  private:
    void put(); // the event just appended to run_ is complete
    void put_uint(uint64_t v);
    void put_rational(const Rational& q);
    void put_multipliers(const std::vector<Multiplier>& lambda);
    FragmentStore& store_;
    size_t cur_ = SIZE_MAX;
    std::string run_; // events of cur_ not yet in the store, the last maybe being encoded
  };

  // The events of `root` and, in place of each hole, of the fragment it names, recursively,
  // in one thread while no Writer writes, after each Writer's flush(). Throws std::runtime_error if
  // the temporary file cannot be written or read back.
  //
  // With `open`: a fragment for which open(id) holds is not read; on_open(id) is called in its
  // place (the root too). So a subtree with open parts is exported as record text with holes
  // (solver/remote.hpp).
  void replay(size_t root, Tracer& out, const std::function<bool(size_t)>& open = {},
              const std::function<void(size_t)>& on_open = {});
  // Every fragment and event dropped (ids start again from 0).
  void clear();
  uint64_t bytes() const; // event bytes so far

private:
  static constexpr size_t NONE = SIZE_MAX;
  struct Piece {
    uint64_t off = 0, len = 0; // a run of events in the file, or
    size_t child = NONE;       // a hole (len = 0)
    size_t next = NONE;        // the fragment's next piece
  };
  struct Fragment {
    size_t head = NONE, tail = NONE;
  };
  void append(size_t frag, std::string_view event);
  void add_piece(size_t frag, const Piece& p); // with the lock held
  void flush();

  mutable std::mutex m_;
  std::FILE* file_ = nullptr;
  std::string buf_; // unwritten bytes (at offset written_)
  uint64_t written_ = 0;
  bool text_ = false; // events as record text (use_text)
  std::vector<Piece> pieces_;
  std::vector<Fragment> frags_;
};

} // namespace relucert
