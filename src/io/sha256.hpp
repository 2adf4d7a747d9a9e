// SHA-256 digests (OpenSSL), the binding between a certificate and its instance.
#pragma once

#include <string>

namespace relucert {

// Lowercase hex SHA-256 of the bytes.
std::string sha256_hex(const std::string& bytes);

} // namespace relucert
