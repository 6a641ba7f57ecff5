// SPDX-License-Identifier: GPL-3.0-or-later
#include <cstdio>
#include <exception>
#include <new>

#include "cli/commands.h"
#include "stochos/core/error.h"
#include "stochos/jobs/mpi_world.h"

namespace stochos::cli {
char** g_argv = nullptr;
}

int main(int argc, char** argv) {
  stochos::cli::g_argv = argv;
  CLI::App app{
      "stochos: generative music toolkit. Stochastic composition after Xenakis, Magenta's Melody RNN\n"
      "rebuilt natively, MIDI and NoteSequence tools. Run `stochos COMMAND --help` for each command."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "stochos 0.1.0");
  stochos::cli::Action action;
#ifdef STOCHOS_TRAINING_BINARY
  // stochos-train: the `melody` commands with LibTorch linked in (see melody_rnn_command.cpp).
  stochos::cli::add_melody_command(app, action);
#else
  stochos::cli::add_convert_command(app, action);
  stochos::cli::add_inspect_command(app, action);
  stochos::cli::add_melody_command(app, action);
  stochos::cli::add_compose_command(app, action);
  stochos::cli::add_transform_command(app, action);
  stochos::cli::add_markov_command(app, action);
  stochos::cli::add_export_command(app, action);
  stochos::cli::add_audio_commands(app, action);
  stochos::cli::add_mixtape_command(app, action);
#endif
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : stochos::kExitUsage;
  }
  // The only catch that ends the program: nothing escapes it. Under mpirun an error on one
  // rank ends them all (the others would wait for it forever). MPI itself is initialised
  // only by the commands that spread over ranks, and only when mpirun started us.
  int code = 0;
  try {
    return action();
  } catch (const stochos::Error& e) {
    std::fprintf(stderr, "stochos: error: %s\n", e.what());
    code = stochos::exit_code_for(e.kind());
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "stochos: error: out of memory\n");
    code = stochos::kExitInternal;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stochos: internal error: %s\n", e.what());
    code = stochos::kExitInternal;
  }
  stochos::jobs::abort_other_ranks_if_running(code);
  return code;
}
