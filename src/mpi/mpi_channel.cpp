#include "mpi/mpi_channel.hpp"

#include <cerrno>
#include <climits>
#include <csignal>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace relucert {

namespace {

constexpr int TAG = 17;

void nap(int& us) { // 20 us at first, up to 0.2 ms while nothing comes
  std::this_thread::sleep_for(std::chrono::microseconds(us));
  us = std::min(200, us * 2);
}

// Is process `pid` of this host gone: no such process, or a zombie (a process that has ended
// and that its parent, mpirun's daemon, has not reaped yet: kill(pid, 0) still succeeds)?
bool process_gone(pid_t pid) {
  if (::kill(pid, 0) != 0) return errno == ESRCH;
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat;
  if (!std::getline(in, stat)) return false; // no /proc: only kill's answer
  const size_t paren = stat.rfind(')');      // "pid (command) state ..."
  return paren != std::string::npos && paren + 2 < stat.size() &&
         (stat[paren + 2] == 'Z' || stat[paren + 2] == 'X');
}

} // namespace

MpiChannel::MpiChannel(int peer, pid_t pid, bool same_host, std::mutex& mpi, double silence)
    : peer_(peer), pid_(pid), same_host_(same_host), mpi_(mpi), silence_(silence),
      heard_(std::chrono::steady_clock::now()) {}

bool MpiChannel::alive() {
  if (gone_) return false;
  // The process table at most every 20 ms (a look costs about 14 us: kill and /proc).
  const auto now = std::chrono::steady_clock::now();
  if (now - checked_ < std::chrono::milliseconds(20)) return true;
  checked_ = now;
  if (same_host_ && process_gone(pid_)) gone_ = true;
  const double quiet =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - heard_).count();
  if (!same_host_ && quiet > silence_) gone_ = true;
  return !gone_;
}

void MpiChannel::send(const std::string& msg) {
  if (msg.size() > static_cast<size_t>(INT_MAX))
    throw std::runtime_error("relucert-mpi: a message above 2 GiB");
  out_ = msg;
  MPI_Request req;
  {
    std::lock_guard<std::mutex> lock(mpi_);
    MPI_Isend(out_.data(), static_cast<int>(out_.size()), MPI_BYTE, peer_, TAG, MPI_COMM_WORLD,
              &req);
  }
  for (int us = 20;;) {
    int done = 0;
    {
      std::lock_guard<std::mutex> lock(mpi_);
      MPI_Test(&req, &done, MPI_STATUS_IGNORE);
    }
    if (done) return;
    if (!alive()) { // a send to a dead rank may never complete: leave it
      std::lock_guard<std::mutex> lock(mpi_);
      MPI_Cancel(&req);
      MPI_Request_free(&req);
      return;
    }
    nap(us);
  }
}

std::optional<std::string> MpiChannel::receive(double timeout) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout);
  for (int us = 20;;) {
    int flag = 0;
    MPI_Message m;
    MPI_Status st;
    {
      std::lock_guard<std::mutex> lock(mpi_);
      MPI_Improbe(peer_, TAG, MPI_COMM_WORLD, &flag, &m, &st);
    }
    if (flag) {
      // The message is matched, but its body may still have to come (above a few KB it is
      // sent after a handshake): received without blocking, since a peer that dies now never
      // sends it. A dead peer's half-received buffer is kept (MPI may still hold it).
      int n = 0;
      MPI_Get_count(&st, MPI_BYTE, &n);
      auto msg = std::make_unique<std::string>(static_cast<size_t>(n), '\0');
      MPI_Request req;
      {
        std::lock_guard<std::mutex> lock(mpi_);
        MPI_Imrecv(msg->data(), n, MPI_BYTE, &m, &req);
      }
      for (int wait = 20;;) {
        int done = 0;
        {
          std::lock_guard<std::mutex> lock(mpi_);
          MPI_Test(&req, &done, MPI_STATUS_IGNORE);
        }
        if (done) break;
        if (!alive()) {
          std::lock_guard<std::mutex> lock(mpi_);
          MPI_Cancel(&req);
          MPI_Request_free(&req);
          abandoned_.push_back(std::move(msg));
          return std::nullopt;
        }
        nap(wait);
      }
      heard_ = std::chrono::steady_clock::now();
      return std::move(*msg);
    }
    if (!alive() || std::chrono::steady_clock::now() >= until) return std::nullopt;
    nap(us);
  }
}

} // namespace relucert
