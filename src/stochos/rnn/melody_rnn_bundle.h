// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// `stochos melody bundle`: a Magenta GeneratorBundle (.mag) from a training run, with
/// Magenta's generator id and description, the weights as a V1 checkpoint (the format
/// Magenta's bundles hold) and the hparams recorded in the bundle description so stochos
/// rebuilds the same model. The metagraph field holds a MetaGraphDef naming the TensorFlow
/// version it imitates and no graph: Magenta itself runs a bundle's own graph, which
/// stochos cannot write, so these bundles load in stochos, not in TensorFlow.
#include <filesystem>
#include <string>

namespace stochos::rnn {

struct BundleSummary {
  std::string generator_id;
  long long global_step = 0;
  std::size_t tensors = 0;
  std::size_t bytes = 0;
};

/// Bundles the newest checkpoint of `run_dir` (or the model at `model_path`, any form
/// load_melody_rnn accepts). Writes atomically.
BundleSummary write_melody_rnn_bundle(const std::filesystem::path& model_path, const std::filesystem::path& bundle_file,
                                      const std::string& description, const std::string& config_name = {});

}  // namespace stochos::rnn
