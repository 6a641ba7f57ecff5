// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/rnn/melody_rnn_bundle.h"

#include "stochos/melody/melody_rnn_config.h"
#include "stochos/rnn/melody_generator.h"
#include "stochos/tfio/generator_bundle.h"

namespace stochos::rnn {

BundleSummary write_melody_rnn_bundle(const std::filesystem::path& model_path, const std::filesystem::path& bundle_file,
                                      const std::string& description, const std::string& config_name) {
  const LoadedModel model = load_melody_rnn(model_path, config_name);
  tfio::Checkpoint checkpoint = weights_to_checkpoint(model.weights);
  tfio::GeneratorBundle bundle;
  bundle.generator_id = model.config.id;
  bundle.generator_description = model.config.description;
  bundle.bundle_description = (description.empty() ? "Melody RNN trained with stochos" : description) +
                              " [stochos hparams: " + melody::hparams_to_string(model.config.hparams) + "]";
  bundle.checkpoint_file = tfio::encode_checkpoint_v1(checkpoint);
  tfio::write_generator_bundle(bundle_file, bundle);
  BundleSummary summary;
  summary.generator_id = bundle.generator_id;
  summary.global_step = model.weights.global_step;
  summary.tensors = checkpoint.tensors.size();
  summary.bytes = bundle.checkpoint_file.size();
  return summary;
}

}  // namespace stochos::rnn
