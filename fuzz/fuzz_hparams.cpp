// SPDX-License-Identifier: GPL-3.0-or-later
// Any bytes as a Magenta `--hparams` string: apply_hparams either applies it within the
// stated limits or throws stochos::Error(kUsage) and leaves the hparams unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "stochos/core/error.h"
#include "stochos/melody/melody_rnn_config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using stochos::melody::MelodyRnnHparams;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  MelodyRnnHparams h;
  const MelodyRnnHparams before = h;
  try {
    stochos::melody::apply_hparams(h, text);
  } catch (const stochos::Error& e) {
    if (e.kind() != stochos::ErrorKind::kUsage || !(h == before)) std::abort();
    return 0;
  }
  // Whatever was accepted is within the limits and survives its own printing.
  if (h.batch_size < 1 || h.batch_size > stochos::melody::kMaxHparamsBatchSize) std::abort();
  if (h.attn_length < 0 || h.attn_length > stochos::melody::kMaxHparamsAttnLength) std::abort();
  if (h.rnn_layer_sizes.empty() || h.rnn_layer_sizes.size() > stochos::melody::kMaxHparamsLayers)
    std::abort();
  for (int units : h.rnn_layer_sizes) {
    if (units < 1 || units > stochos::melody::kMaxHparamsLayerSize) std::abort();
  }
  MelodyRnnHparams back;
  stochos::melody::apply_hparams(back, stochos::melody::hparams_to_string(h));
  if (!(back == h)) std::abort();
  return 0;
}
