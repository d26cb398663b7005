#include "indexer/stage_times.hpp"

namespace news::indexer {

std::string_view stage_name(Stage s) {
    switch (s) {
        case Stage::DECODE: return "decode";
        case Stage::HTML_PARSE: return "html_parse";
        case Stage::METADATA: return "metadata";
        case Stage::CLEAN: return "clean";
        case Stage::CONTAINER: return "container";
        case Stage::TEXT: return "text";
        case Stage::FIELDS: return "fields";
        case Stage::XML: return "xml";
        case Stage::PREPARE: return "prepare";
        case Stage::TERMS: return "terms";
        case Stage::WORDS: return "words";
        case Stage::DUPKEY: return "dupkey";
        case Stage::DATA: return "data";
        case Stage::COUNT: break;
    }
    return "?";
}

StageTimes& thread_stage_times() {
    thread_local StageTimes times;
    return times;
}

}  // namespace news::indexer
