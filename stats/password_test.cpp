#include "stats/password.hpp"

#include <catch2/catch.hpp>

using namespace news::stats;

TEST_CASE("an Argon2id hash verifies its password and no other", "[stats][password]") {
    std::string h = hash_password("Redaktion 2024!");
    CHECK(h.rfind("$argon2id$", 0) == 0);
    CHECK(is_password_hash(h));
    CHECK(verify_password(h, "Redaktion 2024!"));
    CHECK_FALSE(verify_password(h, "redaktion 2024!"));
    CHECK_FALSE(verify_password(h, ""));
    CHECK(hash_password("Redaktion 2024!") != h);  // salted
    CHECK_FALSE(verify_password("plain-text-password", "plain-text-password"));
    CHECK_FALSE(is_password_hash("$2y$10$abc"));
}
