// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Each subcommand registers its flags and sets `run` to the function that does the work.
#include <CLI/CLI.hpp>

#include <functional>

namespace stochos::cli {

/// The process's argv (for handing a command over to stochos-train).
extern char** g_argv;

/// The action of the chosen subcommand; returns the process exit code.
using Action = std::function<int()>;

void add_convert_command(CLI::App& app, Action& action);
void add_inspect_command(CLI::App& app, Action& action);
void add_melody_command(CLI::App& app, Action& action);
void add_melody_rnn_commands(CLI::App& melody, Action& action);  // train, generate, evaluate, bundle
void add_compose_command(CLI::App& app, Action& action);
void add_transform_command(CLI::App& app, Action& action);
void add_markov_command(CLI::App& app, Action& action);
void add_export_command(CLI::App& app, Action& action);  // notation out (scoreio)
void add_audio_commands(CLI::App& app, Action& action);  // render, synth, transform-audio
void add_mixtape_command(CLI::App& app, Action& action);  // the album (stochos's default job)

}  // namespace stochos::cli
