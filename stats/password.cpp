#include "stats/password.hpp"

#include <sodium.h>

#include <stdexcept>

namespace news::stats {

namespace {

void init() {
    static const bool ok = sodium_init() >= 0;
    if (!ok) throw std::runtime_error("libsodium cannot be initialised");
}

}  // namespace

std::string hash_password(std::string_view password) {
    init();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
        throw std::runtime_error("cannot hash the password (out of memory)");
    return out;
}

bool verify_password(const std::string& hash, std::string_view password) {
    init();
    if (!is_password_hash(hash)) return false;
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

bool is_password_hash(std::string_view hash) {
    return hash.rfind("$argon2id$", 0) == 0 && hash.size() < crypto_pwhash_STRBYTES;
}

}  // namespace news::stats
