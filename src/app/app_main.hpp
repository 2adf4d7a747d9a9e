// The command line of relucert (app/main.cpp), callable by another front end: relucert-mpi
// (src/mpi/) runs it on every rank with hooks that hand the search's work to other ranks.
#pragma once

#include "io/instance.hpp"
#include "solver/model.hpp"
#include "solver/search.hpp"

#include <functional>
#include <string>

namespace relucert {

struct AppHooks {
  // `fit`, just before the search: may change the options (remote workers, local threads;
  // threads_given: --threads was on the command line).
  std::function<void(SearchOptions&, bool threads_given)> adjust;
  // `fit`: if set, called in place of the search, the certificate and the report, with the
  // problem as the command line gives it; its value is the exit code.
  std::function<int(const Instance&, const Model&, const SearchOptions&)> serve;
  // Called once, with the exit code, before the process ends after `fit` (which ends it with
  // _Exit; at_exit may end it itself).
  std::function<void(int rc)> at_exit;
  // SIGTERM and SIGUSR1 stop the search as a first Ctrl-C does (mpirun passes an interrupt on
  // to the ranks as SIGTERM, and SIGUSR1 as it is).
  bool sigterm_interrupts = false;
  // Prepended to --help's description (relucert-mpi says what it adds).
  std::string about;
};

// Parses argv and runs the command; returns (or, after `fit`, exits with) the exit code.
int app_main(int argc, char** argv, const AppHooks& hooks = {});

} // namespace relucert
