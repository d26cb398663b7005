#pragma once
/// `news-search stats`: what readers searched for (see stats/report.hpp).

namespace news::searcher {

/// Run the subcommand; argv[0] is "stats". Returns the exit code.
int run_stats_command(int argc, char** argv);

}  // namespace news::searcher
