#pragma once
/// The editors' password for /statistik, kept only as an Argon2id hash
/// (libsodium's crypto_pwhash_str: "$argon2id$v=19$m=…"), made by
/// `news-searchd --hash-password`.

#include <string>
#include <string_view>

namespace news::stats {

/// Argon2id hash of `password` with libsodium's interactive limits.
/// Throws std::runtime_error when memory is short.
std::string hash_password(std::string_view password);

/// True when `password` matches `hash` (false for a malformed hash).
bool verify_password(const std::string& hash, std::string_view password);

/// True for a string that looks like an Argon2id hash (a configuration check).
bool is_password_hash(std::string_view hash);

}  // namespace news::stats
