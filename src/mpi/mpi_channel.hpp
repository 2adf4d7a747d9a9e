// A Channel (solver/remote.hpp) between two MPI ranks. Open MPI (Debian 12's 4.1) never reports
// a dead rank to the others: sends to it may complete or hang, probes see nothing. So a channel
// never blocks in MPI: it probes and tests in a loop with short sleeps, and decides for itself
// that the peer is gone: on the same host when its process no longer exists (kill(pid, 0)), on
// another host when nothing has come from it for `silence` seconds while an answer was due.
// Every MPI call of the process goes through one mutex (MPI_THREAD_SERIALIZED).
#pragma once

#include "solver/remote.hpp"

#include <mpi.h>
#include <sys/types.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace relucert {

class MpiChannel : public Channel {
public:
  MpiChannel(int peer, pid_t pid, bool same_host, std::mutex& mpi, double silence = 600);
  void send(const std::string& msg) override;
  std::optional<std::string> receive(double timeout) override;
  bool alive() override;

private:
  int peer_;
  pid_t pid_;
  bool same_host_;
  std::mutex& mpi_;
  double silence_;
  bool gone_ = false;
  std::chrono::steady_clock::time_point heard_;         // the last message from the peer (or start)
  std::chrono::steady_clock::time_point checked_{};     // the last look at the peer's process
  std::string out_;                                     // the message being sent
  std::vector<std::unique_ptr<std::string>> abandoned_; // receives cut off by a death
};

} // namespace relucert
