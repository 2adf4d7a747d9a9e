// SHA-256 of a byte string (FORMAT.md §1, binding), via OpenSSL's EVP interface.
#pragma once

#include <string>

// 64 lowercase hex digits. Throws std::runtime_error if OpenSSL fails.
std::string sha256_hex(const std::string& bytes);
