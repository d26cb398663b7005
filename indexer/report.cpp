#include "indexer/report.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/fmt/fmt.h>

namespace news::indexer {

namespace {

void dump(std::ostream& out, const nlohmann::json& j) {
    out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

nlohmann::json skipped_json(const std::vector<SkippedFile>& skipped) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& k : skipped) out.push_back({{"file", k.file}, {"reason", k.reason}});
    return out;
}

void print_skipped(std::ostream& out, const std::vector<SkippedFile>& skipped) {
    if (skipped.empty()) return;
    out << fmt::format("Skipped {} file(s):\n", skipped.size());
    for (const auto& k : skipped) out << fmt::format("  {}: {}\n", k.file, k.reason);
}

/// The finer split of parse and analyse, seconds per stage (stage_times.hpp).
nlohmann::json stages_json(const StageTimes& t) {
    nlohmann::json out = nlohmann::json::object();
    for (size_t i = 0; i < kStageCount; ++i) out[std::string(stage_name(static_cast<Stage>(i)))] = t.seconds[i];
    return out;
}

std::string stages_text(const StageTimes& t, bool parse) {
    std::string out;
    for (size_t i = 0; i < kStageCount; ++i) {
        const Stage s = static_cast<Stage>(i);
        if (is_parse_stage(s) != parse) continue;
        out += fmt::format("{} {} {:.2f}", out.empty() ? "" : ",", stage_name(s), t.seconds[i]);
    }
    return out;
}

std::string megabytes(std::uintmax_t bytes) { return fmt::format("{:.1f} MB", static_cast<double>(bytes) / 1e6); }

}  // namespace

void print_build(std::ostream& out, const BuildStats& s, const std::string& db, bool json) {
    double rate = s.seconds > 0 ? static_cast<double>(s.articles) / s.seconds : 0;
    if (json) {
        dump(out, {{"db", db}, {"generation", s.generation}, {"files", s.files},
                   {"files_indexed", s.files_indexed}, {"articles", s.articles}, {"indexed", s.articles},
                   {"skipped", s.skipped.size()}, {"skipped_files", skipped_json(s.skipped)},
                   {"documents", s.doccount}, {"bytes", s.bytes}, {"seconds", s.seconds},
                   {"shards", s.shards}, {"shard_documents", s.shard_documents},
                   {"lexicon", s.lexicon.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.lexicon)},
                   {"docs_per_second", rate},
                   {"timings", {{"load", s.load_seconds}, {"read", s.times.read}, {"parse", s.times.parse}, {"analyse", s.times.analyse},
                                {"write", s.write_seconds}, {"merge", s.merge_seconds},
                                {"commit_switch", s.commit_seconds}, {"stages", stages_json(s.times.stages)}}}});
        return;
    }
    out << fmt::format("Indexed {} articles from {} of {} files in {:.2f} s ({:.0f} articles/s, {} read).\n",
                       s.articles, s.files_indexed, s.files, s.seconds, rate, megabytes(s.bytes));
    out << fmt::format("Time: word lists {:.2f} s; summed over threads: read {:.2f} s, parse {:.2f} s, "
                       "analyse {:.2f} s, write {:.2f} s; merge {:.2f} s, commit+switch {:.2f} s.\n",
                       s.load_seconds, s.times.read, s.times.parse, s.times.analyse, s.write_seconds, s.merge_seconds,
                       s.commit_seconds);
    out << "Parse by stage (s):" << stages_text(s.times.stages, true) << ".\n";
    out << "Analyse by stage (s):" << stages_text(s.times.stages, false) << ".\n";
    print_skipped(out, s.skipped);
    out << fmt::format("Database {} now has {} documents ({}).\n", db, s.doccount, s.generation);
    if (s.shards.size() > 1) {
        out << fmt::format("Shards: {}, lexicon {}\n", s.shards.size(), s.lexicon);
        for (size_t i = 0; i < s.shards.size(); ++i)
            out << fmt::format("  {}: {} documents\n", s.shards[i],
                               i < s.shard_documents.size() ? s.shard_documents[i] : 0);
    }
}

void print_update(std::ostream& out, const UpdateStats& s, const std::string& db, bool json) {
    if (json) {
        dump(out, {{"db", db}, {"mode", s.rebuilt ? "build" : "update"},
                   {"reason", s.rebuilt ? nlohmann::json(s.rebuild_reason) : nlohmann::json(nullptr)},
                   {"files", s.files}, {"added", s.added}, {"changed", s.changed}, {"deleted", s.deleted},
                   {"unchanged", s.unchanged}, {"skipped", s.skipped.size()},
                   {"skipped_files", skipped_json(s.skipped)}, {"documents", s.doccount},
                   {"documents_added", s.documents_added}, {"documents_deleted", s.documents_deleted},
                   {"generation", s.generation}, {"seconds", s.seconds},
                   {"timings", {{"scan", s.scan_seconds}, {"read_parse_cpu", s.read_parse_seconds},
                                {"commit", s.commit_seconds}}}});
        return;
    }
    if (s.rebuilt) out << fmt::format("Built a new index ({}).\n", s.rebuild_reason);
    out << fmt::format("Updated in {:.2f} s: {} added, {} changed, {} deleted, {} unchanged, {} skipped "
                       "(of {} files).\n",
                       s.seconds, s.added, s.changed, s.deleted, s.unchanged, s.skipped.size(), s.files);
    out << fmt::format("Documents: {} added, {} deleted.\n", s.documents_added, s.documents_deleted);
    print_skipped(out, s.skipped);
    out << fmt::format("Database {} now has {} documents ({}).\n", db, s.doccount, s.generation);
}

void print_status(std::ostream& out, const IndexStatus& s, bool json) {
    if (json) {
        dump(out, to_json(s));
        return;
    }
    out << fmt::format("Database:    {}\n", s.db);
    if (!s.error.empty()) out << fmt::format("Problem:     {}\n", s.error);
    if (!s.generation.empty() || !s.replica_copy.empty()) {
        out << fmt::format("Documents:   {}\n", s.documents);
        if (!s.replica_copy.empty())
            out << fmt::format("Replica:     {} ({}), pulled {}\n", s.replica_copy, megabytes(s.size_bytes),
                               s.replica_pulled_at);
        else
            out << fmt::format("Generation:  {} ({} of {} on disk)\n", s.generation, megabytes(s.size_bytes),
                               megabytes(s.total_bytes));
        out << fmt::format("Built:       {}\n", s.built_at.empty() ? "unknown" : s.built_at);
        out << fmt::format("Updated:     {}\n", s.updated_at.empty() ? "never since the build" : s.updated_at);
        for (const auto& src : s.sources) out << fmt::format("Source:      {}\n", src);
        out << fmt::format("Schema:      {} (analysis {})\n", s.schema_version, s.analysis);
        if (s.last_update.is_object())
            out << fmt::format("Last update: {} added, {} changed, {} deleted, {} unchanged, {} skipped\n",
                               s.last_update.value("added", 0), s.last_update.value("changed", 0),
                               s.last_update.value("deleted", 0), s.last_update.value("unchanged", 0),
                               s.last_update.value("skipped", 0));
        out << fmt::format("Bad files:   {} (skipped, see the build/update logs)\n", s.skipped_files);
        if (!s.lexicon.empty()) {
            out << fmt::format("Shards:      {} (lexicon {})\n", s.shards.size(), s.lexicon);
            for (const ShardStatus& one : s.shards)
                out << (one.error.empty() ? fmt::format("  {}: {} documents\n", one.path, one.documents)
                                          : fmt::format("  {}: cannot open: {}\n", one.path, one.error));
        }
    }
    out << fmt::format("Generations: {}\n", s.generations.size());
    out << fmt::format("Writer:      {}\n", s.writer ? "running (process " + std::to_string(*s.writer) + ")" : "none");
}

void print_articles(std::ostream& out, const std::vector<Article>& articles, bool json) {
    if (json) {
        nlohmann::json all = nlohmann::json::array();
        for (const auto& a : articles) all.push_back(to_json(a));
        dump(out, all.size() == 1 ? all[0] : all);
        return;
    }
    auto joined = [](const std::vector<std::string>& v) {
        std::string s;
        for (const auto& x : v) s += x + "; ";
        return s;
    };
    for (const auto& a : articles) {
        out << "ID:      " << a.id << "\nURL:     " << a.url << "\nTitle:   " << a.title << "\nDate:    " << a.date
            << "\nAuthor:  " << a.author << "\nRegions: " << joined(a.regions) << "\nTopics:  " << joined(a.topics)
            << "\nLead:    " << a.lead << "\n\n" << a.body << "\n\n";
    }
}

}  // namespace news::indexer
