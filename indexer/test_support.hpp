#pragma once
/// Helpers for the indexer's unit tests: a temporary directory per test,
/// small source files, and a look into a database's documents.

#include "schema/schema.hpp"

#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <unistd.h>

namespace news::indexer::test {

struct TempDir {
    std::filesystem::path path;
    explicit TempDir(const std::string& tag = "t") {
        static int n = 0;
        path = std::filesystem::temp_directory_path() /
               ("news_indexer_" + tag + "_" + std::to_string(::getpid()) + "_" + std::to_string(n++));
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    ~TempDir() { std::filesystem::remove_all(path); }
};

inline void write(const std::filesystem::path& p, const std::string& s) {
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary | std::ios::trunc) << s;
}

/// An HTML page the extractor takes as one article.
inline std::string page(const std::string& title, const std::string& text) {
    return "<html><head><title>" + title + "</title></head><body><article><h1>" + title + "</h1><p>" + text +
           " Dieser Satz macht den Artikel lang genug für die Erkennung.</p></article></body></html>";
}

/// An XML collection of articles (id, text) in the archive format.
inline std::string collection(const std::vector<std::pair<std::string, std::string>>& articles) {
    std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<articles>\n";
    for (const auto& [id, text] : articles)
        x += "<article id=\"" + id + "\"><title>Meldung " + id + "</title><date>2024-03-01</date><body><p>" + text +
             "</p></body></article>\n";
    return x + "</articles>\n";
}

/// Every document of a database by its unique id (Q term without prefix):
/// its terms with wdf, joined, so two indexes can be compared.
inline std::map<std::string, std::string> documents_by_id(const Xapian::Database& db) {
    std::map<std::string, std::string> out;
    const std::string q(news::schema::find_field("id") ? news::schema::find_field("id")->prefix : "Q");
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        Xapian::Document doc = db.get_document(*it);
        std::string id, terms;
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
            if ((*t).rfind(q, 0) == 0 && id.empty()) id = (*t).substr(q.size());
            terms += *t + ":" + std::to_string(t.get_wdf()) + " ";
        }
        out[id] = terms;
    }
    return out;
}

/// Word → frequency of a database's spelling table.
inline std::map<std::string, Xapian::doccount> spellings(const Xapian::Database& db) {
    std::map<std::string, Xapian::doccount> out;
    for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) out[*it] = it.get_termfreq();
    return out;
}

/// Number of documents holding `term`.
inline Xapian::doccount freq(const std::filesystem::path& db, const std::string& term) {
    return Xapian::Database(db.string()).get_termfreq(term);
}

}  // namespace news::indexer::test
