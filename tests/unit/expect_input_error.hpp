// A check shared by the parser tests: a call must throw an InputError at an exact place.
#pragma once

#include "io/input_error.hpp"

#include <boost/test/unit_test.hpp>

#include <functional>
#include <string>

// `f` must throw an InputError at exactly file:line:col whose message contains `what`.
inline void expect_input_error(const std::function<void()>& f, const std::string& file, size_t line,
                               size_t col, const std::string& what) {
  try {
    f();
    BOOST_ERROR("no InputError thrown (expected " << line << ":" << col << ": " << what << ")");
  } catch (const relucert::InputError& e) {
    BOOST_TEST(e.file() == file);
    BOOST_TEST(e.line() == line, "message '" << e.what() << "'");
    BOOST_TEST(e.col() == col, "message '" << e.what() << "'");
    BOOST_TEST(std::string(e.what()).find(what) != std::string::npos,
               "message '" << e.what() << "' lacks '" << what << "'");
    const std::string prefix = file + ":" + std::to_string(line) + ":" + std::to_string(col) + ": ";
    BOOST_TEST(std::string(e.what()).rfind(prefix, 0) == 0, "message '" << e.what() << "'");
  }
}
