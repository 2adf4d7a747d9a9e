// relucert: the command-line front end (app/main.cpp), as one process.
#include "app/app_main.hpp"

int main(int argc, char** argv) {
  return relucert::app_main(argc, argv);
}
