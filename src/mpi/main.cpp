// relucert-mpi: `relucert` with the search spread over MPI ranks (solver/remote.hpp).
//
//   mpirun -np N relucert-mpi fit DATA --out CERT [any fit option]
//
// Every rank parses the same command line and reads the instance. Rank 0 runs relucert's
// program: it holds the pool, serves each other rank from a proxy thread, writes the one
// certificate and prints what relucert prints (it runs no local worker unless --threads says
// so). The other ranks are remote workers; they print nothing (RELUCERT_MPI_VERBOSE=1 keeps
// their output). Every other command runs on rank 0 alone.
//
// A worker rank that dies (under mpirun --enable-recovery, which keeps the job alive) is
// noticed by rank 0, its node goes back to the pool, and the run goes on with the others (or
// with a worker of rank 0's own). Without --enable-recovery mpirun ends the whole job: every
// rank gets SIGTERM, which rank 0 takes as an interrupt (a valid interval certificate, if it
// can be written before mpirun's SIGKILL follows, by default 1 s later). README, "MPI".
#include "app/app_main.hpp"
#include "mpi/mpi_channel.hpp"

#include <fcntl.h>
#include <mpi.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <vector>

namespace {

struct Who {
  int pid;
  char host[256];
};

bool same_host(const Who& a, const Who& b) {
  return std::strncmp(a.host, b.host, sizeof a.host) == 0;
}

} // namespace

int main(int argc, char** argv) {
  int provided = 0;
  if (MPI_Init_thread(&argc, &argv, MPI_THREAD_SERIALIZED, &provided) != MPI_SUCCESS) {
    std::fprintf(stderr, "relucert-mpi: error: MPI_Init_thread failed\n");
    return 5;
  }
  if (provided < MPI_THREAD_SERIALIZED) {
    std::fprintf(stderr, "relucert-mpi: error: this MPI gives no MPI_THREAD_SERIALIZED\n");
    MPI_Abort(MPI_COMM_WORLD, 5);
  }
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  Who me{};
  me.pid = static_cast<int>(::getpid());
  ::gethostname(me.host, sizeof me.host - 1);
  std::vector<Who> all(static_cast<size_t>(size));
  MPI_Allgather(&me, sizeof me, MPI_BYTE, all.data(), sizeof me, MPI_BYTE, MPI_COMM_WORLD);

  std::mutex mpi;
  std::vector<std::unique_ptr<relucert::MpiChannel>> workers;
  bool ended = false, lost = false;
  auto end_all = [&] { // rank 0: every worker still there is told the search is over
    if (ended) return;
    ended = true;
    for (auto& w : workers)
      lost = lost || !w->alive();
    for (auto& w : workers)
      if (w->alive()) relucert::end_remote(*w, lost);
  };
  // MPI_Finalize waits for every rank, a dead one too (measured: forever, under
  // --enable-recovery, once a message to or from it was cut off): after a death the ranks end
  // without it, their output flushed.
  auto finish = [&](int rc) {
    if (lost) {
      std::fflush(nullptr);
      std::_Exit(rc);
    }
    MPI_Finalize();
  };
  relucert::AppHooks hooks;
  hooks.about =
      "relucert-mpi: relucert with fit's search spread over MPI ranks:\n"
      "  mpirun [--enable-recovery] -np N relucert-mpi fit DATA --out CERT [fit options]\n"
      "Rank 0 holds the pool, writes the one certificate and prints the result; the other ranks\n"
      "are workers (rank 0 searches too only with --threads). Under --enable-recovery a dead\n"
      "worker's node goes back to the pool and the run goes on; without it mpirun ends the job\n"
      "and rank 0 writes an interval certificate if it has time (README, \"MPI\"). Other\n"
      "commands run as in relucert.\n\n";
  if (rank == 0) {
    for (int r = 1; r < size; ++r)
      workers.push_back(std::make_unique<relucert::MpiChannel>(
          r, all[static_cast<size_t>(r)].pid, same_host(all[0], all[static_cast<size_t>(r)]), mpi));
    hooks.adjust = [&](relucert::SearchOptions& opt, bool threads_given) {
      for (auto& w : workers)
        opt.remotes.push_back(w.get());
      // The other ranks do the work (not in the float-bounds-only benchmark mode, which runs
      // on rank 0 alone: see Search::run).
      if (!threads_given && !workers.empty() && !opt.float_only) opt.threads = 0;
      if (const char* trace = std::getenv("RELUCERT_MPI_TRACE")) opt.remote_trace = trace;
    };
    hooks.sigterm_interrupts = true;
    hooks.at_exit = [&](int rc) {
      end_all();
      finish(rc);
    };
  } else {
    const char* verbose = std::getenv("RELUCERT_MPI_VERBOSE");
    if (!verbose || std::strcmp(verbose, "1") != 0) {
      const int null = ::open("/dev/null", O_WRONLY);
      ::dup2(null, 1);
      ::dup2(null, 2);
    }
    // Rank 0 decides when to stop (mpirun forwards SIGUSR1 to every rank, and on an interrupt
    // or a dead rank sends every rank SIGTERM, then SIGKILL): a worker answers until rank 0
    // says the search is over or is gone, so that rank 0 can finish its certificate.
    for (int sig : {SIGINT, SIGUSR1, SIGTERM})
      std::signal(sig, SIG_IGN);
    hooks.serve = [&](const relucert::Instance& inst, const relucert::Model& model,
                      const relucert::SearchOptions& opt) {
      relucert::MpiChannel master(0, all[0].pid, same_host(all[0], me), mpi);
      lost = relucert::serve_remote(inst, model, opt, master);
      return 0;
    };
    hooks.at_exit = [&](int rc) { finish(rc); };
  }
  const int rc = relucert::app_main(argc, argv, hooks); // a command other than fit, or an error
  if (rank == 0) end_all();
  finish(rc);
  return rc;
}
