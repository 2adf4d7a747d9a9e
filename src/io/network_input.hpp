// Reading a network given by the user (`relucert fit --init FILE`): one more candidate for the
// search's incumbent, so it must be a network of the model being fitted.
#pragma once

#include "solver/model.hpp"

#include <string>

namespace relucert {

// Parses `bytes` (called `name` in messages) as a network of `model` on d features. The form is
// chosen by the first character that is not white space:
//  - `{` or `[`: JSON, the object printed by `relucert fit --json` (its "network" array is read,
//    every other member ignored) or that array alone. Each unit is an object
//    {"a": r, "w": [r, ...], "b": r} ("b" may be left out: 0), each r a JSON string or number
//    holding an exact number of the instance grammar (certs/FORMAT.md §1: "3/4", "0.5", 2).
//  - anything else: the `unit <a> <w_1> ... <w_d> [<b>]` lines of a certificate
//    (certs/FORMAT.md §2), `b` present exactly when the model has a bias; every other line is
//    ignored, so a whole certificate can be given.
// Throws InputError naming file:line:column for a malformed file, and for a network of another
// model (another number of units or of weights, a bias without --bias, a negative output weight
// in a nonnegative model, a unit outside the weight bound), saying what differs.
Network parse_network(const std::string& bytes, const std::string& name, const Model& model,
                      size_t d);

// Reads and parses a file ("-" reads standard input).
Network read_network(const std::string& path, const Model& model, size_t d);

} // namespace relucert
