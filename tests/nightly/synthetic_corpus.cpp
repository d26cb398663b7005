#include "synthetic_corpus.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>

namespace fs = std::filesystem;

namespace news::nightly {

namespace {

const char* const kNouns[] = {
    "Stadtrat",   "Hafen",        "Bahnhof",      "Schule",      "Rathaus",     "Brücke",     "Landkreis",
    "Verkehr",    "Wirtschaft",   "Hochschule",   "Klinik",      "Feuerwehr",   "Gemeinde",   "Haushalt",
    "Bürgermeisterin", "Verein",  "Messe",        "Flughafen",   "Straßenbahn", "Wohnungsbau", "Energie",
    "Windpark",   "Forschung",    "Ausstellung",  "Theater",     "Museum",      "Bibliothek", "Sportplatz",
    "Radweg",     "Innenstadt",   "Handwerk",     "Landwirtschaft", "Tourismus", "Polizei",   "Gericht",
    "Kreistag",   "Ministerium",  "Baustelle",    "Krankenhaus", "Kindergarten", "Hochwasser", "Wald"};
const char* const kVerbs[] = {"plant", "beschließt", "eröffnet", "erweitert", "diskutiert", "fördert",
                              "kritisiert", "verschiebt", "prüft", "lobt", "begrüßt", "saniert"};
const char* const kAdjectives[] = {"neue", "große", "kleine", "regionale", "städtische", "moderne",
                                   "umstrittene", "geplante", "öffentliche", "zweite", "alte", "digitale"};
const char* const kRegions[] = {"hamburg", "nordwest", "mitteldeutschland", "rhein-ruhr", "stuttgart", "muenchen"};

/// A small deterministic generator (the same corpus on every platform).
struct Rng {
    std::uint64_t s;
    unsigned next(unsigned n) {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        return static_cast<unsigned>(s % n);
    }
    template <size_t N>
    const char* pick(const char* const (&a)[N]) {
        return a[next(N)];
    }
};

std::string sentence(Rng& r) {
    std::string s = std::string("Die ") + r.pick(kAdjectives) + " " + r.pick(kNouns) + " " + r.pick(kVerbs) +
                    " den " + r.pick(kNouns) + " und die " + r.pick(kAdjectives) + " " + r.pick(kNouns);
    return s + (r.next(3) == 0 ? " im " + std::string(r.pick(kNouns)) + "." : ".");
}

}  // namespace

std::string article_page(const std::string& title, const std::vector<std::string>& paragraphs,
                         const std::string& date) {
    std::string html = "<!DOCTYPE html>\n<html lang=\"de\"><head><meta charset=\"utf-8\"><title>" + title +
                       " | Nachrichtenarchiv</title>\n<meta property=\"og:type\" content=\"article\">"
                       "<meta property=\"og:title\" content=\"" + title + "\">"
                       "<meta property=\"article:published_time\" content=\"" + date + "\"></head>\n"
                       "<body><header class=\"site-header\"><a href=\"/\">Nachrichtenarchiv</a></header>\n"
                       "<main><article><h1>" + title + "</h1><time datetime=\"" + date + "\">" + date + "</time>\n";
    for (const auto& p : paragraphs) html += "<p>" + p + "</p>\n";
    return html + "</article></main><footer>Impressum</footer></body></html>\n";
}

std::vector<fs::path> write_corpus(const fs::path& dir, size_t n) {
    std::vector<fs::path> out;
    Rng r{0x9E3779B97F4A7C15ull};
    for (size_t i = 0; i < n; ++i) {
        std::vector<std::string> paragraphs;
        for (int p = 0; p < 5; ++p) {
            std::string text;
            for (int k = 0; k < 4; ++k) {
                if (k) text += ' ';
                text += sentence(r);
            }
            paragraphs.push_back(text);
        }
        if (i % 3 == 0) paragraphs[1] += " Die Metropolregion unterstützt das Vorhaben.";
        std::string title = std::string(r.pick(kAdjectives)) + " " + r.pick(kNouns) + " " + r.pick(kVerbs) +
                            " Vorhaben Nummer " + std::to_string(i);
        title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(title[0])));
        char date[16];
        std::snprintf(date, sizeof date, "20%02zu-%02zu-%02zu", 10 + i % 15, 1 + i % 12, 1 + i % 28);
        fs::path file = dir / kRegions[i % std::size(kRegions)] / std::string(date).substr(0, 4) /
                        ("artikel-" + std::to_string(i) + ".html");
        fs::create_directories(file.parent_path());
        std::ofstream(file, std::ios::binary) << article_page(title, paragraphs, date);
        out.push_back(file);
    }
    std::sort(out.begin(), out.end());
    return out;
}

void add_word(const fs::path& file, const std::string& word, int seconds) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string html = ss.str();
    in.close();
    auto mtime = fs::last_write_time(file);
    html.insert(html.find("</article>"), "<p>Nachtrag: " + word + " wird erwähnt.</p>\n");
    std::ofstream(file, std::ios::binary | std::ios::trunc) << html;
    fs::last_write_time(file, mtime + std::chrono::seconds(seconds));
}

}  // namespace news::nightly
