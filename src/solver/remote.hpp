// Workers in other processes (relucert-mpi, src/mpi/). The search's pool stays in one process,
// the master; a remote worker takes a node from it, explores it for about one slice of time
// with its own pool, and returns what it did: the closed part of the subtree as record text
// with a hole for each node it left open, those open nodes (back into the master's pool), its
// counts, and a better witness if it found one. On the master each remote worker is served by
// a proxy thread that takes nodes from the pool like a local worker, so node selection, the
// stop, the closing of open nodes and the stitching of fragments are those of one process, and
// the certificate is the same kind of preorder tree (certs/FORMAT.md §3).
//
// The transport is a Channel: MPI between processes, an in-process queue in the tests.
#pragma once

#include "io/instance.hpp"
#include "solver/model.hpp"
#include "solver/search.hpp"

#include <optional>
#include <string>

namespace relucert {

class Channel {
public:
  virtual ~Channel() = default;
  virtual void send(const std::string& msg) = 0;
  // The next message, or nothing after about `timeout` seconds (or once the peer is gone).
  virtual std::optional<std::string> receive(double timeout) = 0;
  // False once the peer is known to be gone (then nothing more arrives from it).
  virtual bool alive() = 0;
};

// A remote worker's life: answers the master's work items until the master says it is done
// (or is gone). The instance, model and options are the master's (the same command line).
// Returns the master's `abrupt` (end_remote).
bool serve_remote(const Instance& inst, const Model& model, const SearchOptions& opt,
                  Channel& master);

// The master's side: tells a remote worker that the search is over; abrupt: a process of the
// run is gone, so the worker should end without the transport's orderly shutdown (Open MPI's
// MPI_Finalize can wait for a dead rank forever).
void end_remote(Channel& worker, bool abrupt = false);

struct Shared;
struct Tally;
// The master's proxy of one remote worker, in a thread of its own, as pool taker `id`: sends it
// nodes and applies its results (fragments into sh.frags, open nodes into sh.pool, counts into
// tally, witnesses to the incumbent). Returns true when the pool is done or stopped, false
// when the remote worker is gone (the node it held is back in the pool, its subtree unwritten).
bool run_proxy(Shared& sh, size_t id, Channel& ch, Tally& tally);

} // namespace relucert
