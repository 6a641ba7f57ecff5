// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/rnn/detail/torch_model.h"

#include <cmath>

#include "stochos/core/error.h"
#include "stochos/rnn/detail/fused_attention.h"
#include "stochos/rnn/detail/inference_kernels.h"
#include "stochos/rnn/detail/lstm_cell.h"

namespace stochos::rnn::detail {
namespace {

std::vector<float> to_floats(const torch::Tensor& t) {
  const torch::Tensor c = t.detach().contiguous().to(torch::kFloat32);
  return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}

// `time_major`: x [B, T, U] is a view of time-major memory [T, B, U], as the LSTM layers
// return it; bernoulli_ fills a mask laid out like x in memory order.
torch::Tensor output_dropout(const torch::Tensor& x, double keep, at::Generator* generator,
                             std::int64_t global_batch = 0, std::int64_t first_row = 0, bool time_major = false) {
  if (generator == nullptr || keep >= 1.0) return x;
  // DropoutWrapper(output_keep_prob): keep each unit with probability keep, scale by 1/keep.
  if (global_batch > 0) {
    // A slice of a global batch (set_dropout_rows): the mask the whole batch would draw, in
    // the memory layout it would have, cut to our rows.
    std::vector<std::int64_t> shape = x.sizes().vec();
    shape[0] = global_batch;
    if (time_major) std::swap(shape[0], shape[1]);
    torch::Tensor mask = torch::empty(shape).bernoulli_(keep, *generator);
    if (time_major) mask = mask.transpose(0, 1);
    return x * mask.narrow(0, first_row, x.size(0)) / keep;
  }
  torch::Tensor mask = torch::empty_like(x).bernoulli_(keep, *generator);
  return x * mask / keep;
}

}  // namespace

TorchMelodyRnn::TorchMelodyRnn(const MelodyRnnWeights& weights) : shape_(weights) {
  const tfio::Checkpoint checkpoint = weights_to_checkpoint(weights);
  std::int64_t total = 0;
  for (const auto& [name, tensor] : checkpoint.tensors) {
    if (tensor.dtype != tfio::DataType::kFloat) continue;
    slots_.push_back({name, total, static_cast<std::int64_t>(tensor.floats.size())});
    total += slots_.back().numel;
  }
  flat_params_ = torch::empty({total});
  flat_grads_ = torch::zeros({total});
  for (const Slot& slot : slots_) {
    const tfio::Tensor& tensor = checkpoint.tensors.at(slot.name);
    std::copy(tensor.floats.begin(), tensor.floats.end(), flat_params_.data_ptr<float>() + slot.offset);
    // detach(): a leaf of its own that shares the flat buffer's memory.
    torch::Tensor param = flat_params_.narrow(0, slot.offset, slot.numel).view(tensor.shape).detach();
    param.set_requires_grad(true);
    param.mutable_grad() = flat_grads_.narrow(0, slot.offset, slot.numel).view(tensor.shape);
    params_[slot.name] = param;
  }
  scratch_.resize(shape_.layers.size());
  // Keep only the sizes in shape_; the values live in params_.
  for (auto& l : shape_.layers) l.kernel.clear(), l.bias.clear();
  shape_.output.kernel.clear();
  shape_.output.bias.clear();
}

void TorchMelodyRnn::zero_grad() {
  float* flat = flat_grads_.data_ptr<float>();
  std::fill(flat, flat + flat_grads_.numel(), 0.0f);
  // Backward adds into these views in place; put back any a caller replaced.
  for (const Slot& slot : slots_) {
    torch::Tensor& param = params_.at(slot.name);
    if (!param.grad().defined() || param.grad().data_ptr<float>() != flat + slot.offset) {
      param.mutable_grad() = flat_grads_.narrow(0, slot.offset, slot.numel).view(param.sizes());
    }
  }
}

torch::Tensor& TorchMelodyRnn::p(const std::string& name) {
  auto it = params_.find(name);
  if (it == params_.end()) throw Error::internal("training model has no parameter " + name);
  return it->second;
}

MelodyRnnWeights TorchMelodyRnn::weights() const {
  tfio::Checkpoint checkpoint;
  checkpoint.source = "training model";
  for (const auto& [name, t] : params_) {
    tfio::Tensor tensor;
    tensor.dtype = tfio::DataType::kFloat;
    tensor.shape = t.sizes().vec();
    tensor.floats = to_floats(t);
    checkpoint.tensors[name] = std::move(tensor);
  }
  MelodyRnnWeights w = shape_;
  for (std::size_t k = 0; k < w.layers.size(); ++k) {
    const std::string scope = lstm_scope(w.attention_layout, k);
    w.layers[k].kernel = checkpoint.tensors.at(scope + "basic_lstm_cell/kernel").floats;
    w.layers[k].bias = checkpoint.tensors.at(scope + "basic_lstm_cell/bias").floats;
  }
  if (w.attention_layout != AttentionLayout::kNone) {
    const std::string scope = attention_scope(w.attention_layout);
    auto& a = w.attention;
    a.input_projection.kernel = checkpoint.tensors.at(scope + "kernel").floats;
    a.input_projection.bias = checkpoint.tensors.at(scope + "bias").floats;
    a.query.kernel = checkpoint.tensors.at(scope + "attention/kernel").floats;
    a.query.bias = checkpoint.tensors.at(scope + "attention/bias").floats;
    a.attn_w = checkpoint.tensors.at(scope + "attention/attn_w").floats;
    a.attn_v = checkpoint.tensors.at(scope + "attention/attn_v").floats;
    a.output_projection.kernel = checkpoint.tensors.at(scope + "attn_output_projection/kernel").floats;
    a.output_projection.bias = checkpoint.tensors.at(scope + "attn_output_projection/bias").floats;
  }
  w.output.kernel = checkpoint.tensors.at("fully_connected/weights").floats;
  w.output.bias = checkpoint.tensors.at("fully_connected/biases").floats;
  return w;
}

// A tensor of `sizes` in `slot`'s memory when nothing else (a live autograd graph, a
// caller's output) still holds that memory, else a fresh one. `slot` is a flat buffer that
// only grows (to the largest size asked), and the result a view of its first elements, so
// that steady-state training allocates nothing large per step even when every batch has
// another length (bucketed batches): glibc would otherwise return those pages to the system
// and fault them back in every step, which cost a third of the time at batch 128 and more
// than the arithmetic at batch 1.
torch::Tensor reuse_buffer(torch::Tensor& slot, at::IntArrayRef sizes) {
  std::int64_t numel = 1;
  for (std::int64_t s : sizes) numel *= s;
  if (!slot.defined() || slot.numel() < numel || slot.use_count() != 1 || slot.storage().use_count() != 1) {
    if (slot.defined() && slot.numel() > numel &&
        (slot.use_count() != 1 || slot.storage().use_count() != 1)) {
      return torch::empty(sizes);  // still in use: leave the large buffer for later steps
    }
    slot = torch::empty({numel});
  }
  return slot.narrow(0, 0, numel).view(sizes);
}

namespace {

// y[0, n) += a[r] * rows[r][0, n) for r < count, rows `stride` apart: the row-by-vector
// products of the recurrent step as plain loops, because at batch < 16 a BLAS call per
// step costs more in dispatch and packing than its multiply-adds. Four rows per pass keep
// y in registers; each y[j] still adds its terms in row order, the same bits as one row at
// a time, whatever the batch.
void add_rows(float* y, const float* a, const float* rows, std::int64_t count, std::int64_t stride, std::int64_t n) {
  std::int64_t r = 0;
  for (; r + 4 <= count; r += 4) {
    const float a0 = a[r], a1 = a[r + 1], a2 = a[r + 2], a3 = a[r + 3];
    const float *w0 = rows + r * stride, *w1 = w0 + stride, *w2 = w1 + stride, *w3 = w2 + stride;
    for (std::int64_t j = 0; j < n; ++j) y[j] = (((y[j] + a0 * w0[j]) + a1 * w1[j]) + a2 * w2[j]) + a3 * w3[j];
  }
  for (; r < count; ++r) {
    const float ar = a[r];
    const float* w = rows + r * stride;
    for (std::int64_t j = 0; j < n; ++j) y[j] += ar * w[j];
  }
}

// From this batch size on, the recurrent products go to BLAS (one call per step); below
// it add_rows is faster than a call's dispatch and packing.
constexpr std::int64_t kBlasMinBatch = 8;

// A whole BasicLSTMCell layer over a sequence as one autograd node. ATen's at::lstm runs
// about ten tensor operations per time step, each with dispatch and autograd bookkeeping;
// here the input products of all steps are one matrix product, and each step is plain
// loops over raw pointers (gates, cell, and the recurrent product below kBlasMinBatch,
// one BLAS call from there), forward and backward (BPTT); the weight and input gradients
// are again a few large products over all steps. It beats at::lstm at every batch size
// (batch 64 too). Buffers are time-major [T, B, ...] and come from an LstmScratch.
class FusedLstmLayer : public torch::autograd::Function<FusedLstmLayer> {
 public:
  // x [B, T, in], kernel [in + units, 4 units] (TF gate order i, j, f, o), bias [4 units].
  // `backward_buffers`: also reserve the backward pass's buffers (training).
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x,
                               const torch::Tensor& kernel, const torch::Tensor& bias, LstmScratch* scratch,
                               bool backward_buffers) {
    const std::int64_t batch = x.size(0), steps = x.size(1), in = x.size(2);
    const std::int64_t units = kernel.size(1) / 4, width = 4 * units;
    if (!kernel.is_contiguous() || !bias.is_contiguous()) throw Error::internal("FusedLstmLayer needs contiguous weights");
    const torch::Tensor x_tm = x.transpose(0, 1).contiguous();  // [T, B, in]; free if x is time-major
    // Input contributions of every step at once, bias included; activated in place below.
    torch::Tensor acts = reuse_buffer(scratch->acts, {steps, batch, width});  // sigma(i), tanh(j), sigma(f+1), sigma(o)
    torch::Tensor acts_flat = acts.view({steps * batch, width});
    torch::addmm_out(acts_flat, bias, x_tm.view({steps * batch, in}), kernel.narrow(0, 0, in));
    torch::Tensor cells = reuse_buffer(scratch->cells, {steps, batch, units});
    torch::Tensor tanh_cells = reuse_buffer(scratch->tanh_cells, {steps, batch, units});
    torch::Tensor hs = reuse_buffer(scratch->hs, {steps, batch, units});
    const float* w_h = kernel.data_ptr<float>() + in * width;
    const torch::Tensor w_h_tensor = kernel.narrow(0, in, units);
    float* const ap = acts.data_ptr<float>();
    float* const cp = cells.data_ptr<float>();
    float* const tcp = tanh_cells.data_ptr<float>();
    float* const hp = hs.data_ptr<float>();
    const std::int64_t row = batch * units;  // one step of cells, tanh_cells, hs
    for (std::int64_t t = 0; t < steps; ++t) {
      float* const gt = ap + t * batch * width;
      if (t > 0 && batch >= kBlasMinBatch) {
        torch::from_blob(gt, {batch, width}).addmm_(torch::from_blob(hp + (t - 1) * row, {batch, units}), w_h_tensor);
      } else if (t > 0) {
        for (std::int64_t b = 0; b < batch; ++b) {
          add_rows(gt + b * width, hp + (t - 1) * row + b * units, w_h, units, width, width);
        }
      }
      for (std::int64_t b = 0; b < batch; ++b) {
        const std::int64_t n = t * row + b * units;
        lstm_cell_forward(gt + b * width, t == 0 ? nullptr : cp + n - row, cp + n, tcp + n, hp + n, units);
      }
    }
    ctx->save_for_backward({x_tm, kernel, acts, cells, hs, tanh_cells});
    if (backward_buffers) {
      ctx->saved_data["d_gates"] = reuse_buffer(scratch->d_gates, {steps, batch, width});
      ctx->saved_data["d_kernel"] = reuse_buffer(scratch->d_kernel, {in + units, width});
      ctx->saved_data["d_bias"] = reuse_buffer(scratch->d_bias, {width});
      if (batch < kBlasMinBatch) ctx->saved_data["w_h_t"] = reuse_buffer(scratch->w_h_t, {width, units});
    }
    return hs.transpose(0, 1);  // [B, T, units]
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grad_outputs) {
    const auto saved = ctx->get_saved_variables();
    const torch::Tensor &x_tm = saved[0], &kernel = saved[1], &acts = saved[2], &cells = saved[3], &hs = saved[4],
                        &tanh_cells = saved[5];
    const std::int64_t steps = x_tm.size(0), batch = x_tm.size(1), in = x_tm.size(2);
    const std::int64_t units = kernel.size(1) / 4, width = 4 * units;
    auto buffer = [&](const char* name, at::IntArrayRef sizes) {
      auto it = ctx->saved_data.find(name);
      return it != ctx->saved_data.end() ? it->second.toTensor() : torch::empty(sizes);
    };
    torch::Tensor d_gates = buffer("d_gates", {steps, batch, width});
    torch::Tensor d_kernel = buffer("d_kernel", {in + units, width});
    torch::Tensor d_bias = buffer("d_bias", {width});

    const torch::Tensor grad_h = grad_outputs[0].transpose(0, 1).contiguous();  // [T, B, units]
    const torch::Tensor w_h_tensor = kernel.narrow(0, in, units);
    // Below kBlasMinBatch, W_h transposed, so that dh = dgates . W_h^T is again add_rows
    // over contiguous rows.
    const bool loops = batch < kBlasMinBatch;
    torch::Tensor w_h_t = loops ? buffer("w_h_t", {width, units}) : torch::Tensor();
    float* wt = loops ? w_h_t.data_ptr<float>() : nullptr;
    if (loops) {
      const float* w_h = kernel.data_ptr<float>() + in * width;
      for (std::int64_t k = 0; k < units; ++k) {
        for (std::int64_t j = 0; j < width; ++j) wt[j * units + k] = w_h[k * width + j];
      }
    }
    const float* gh = grad_h.data_ptr<float>();
    const float* ap = acts.data_ptr<float>();
    const float* cp = cells.data_ptr<float>();
    const float* tcp = tanh_cells.data_ptr<float>();
    float* const dgp = d_gates.data_ptr<float>();
    const std::int64_t row = batch * units;
    std::vector<float> dh_next(static_cast<std::size_t>(row), 0.0f), dc(static_cast<std::size_t>(row), 0.0f);
    std::vector<float> dh(static_cast<std::size_t>(units));
    for (std::int64_t t = steps - 1; t >= 0; --t) {
      for (std::int64_t b = 0; b < batch; ++b) {
        const std::int64_t m = b * units, n = t * row + m;
        for (std::int64_t k = 0; k < units; ++k) dh[static_cast<std::size_t>(k)] = gh[n + k] + dh_next[static_cast<std::size_t>(m + k)];
        lstm_cell_backward(ap + (t * batch + b) * width, t > 0 ? cp + n - row : nullptr, tcp + n, dh.data(),
                           dc.data() + m, dgp + (t * batch + b) * width, units);
      }
      if (t > 0 && !loops) {
        torch::Tensor dh = torch::from_blob(dh_next.data(), {batch, units});
        torch::mm_out(dh, torch::from_blob(dgp + t * batch * width, {batch, width}), w_h_tensor.t());
      } else if (t > 0) {
        std::fill(dh_next.begin(), dh_next.end(), 0.0f);
        for (std::int64_t b = 0; b < batch; ++b) {
          add_rows(dh_next.data() + b * units, dgp + (t * batch + b) * width, wt, width, units, units);
        }
      }
    }
    const torch::Tensor dg_flat = d_gates.view({steps * batch, width});
    // d_kernel = [x; h_prev]^T . dgates over all steps, h_prev being hs shifted by one step
    // (zero at t = 0, so that step adds nothing to the W_h rows).
    torch::Tensor d_w_x = d_kernel.narrow(0, 0, in), d_w_h = d_kernel.narrow(0, in, units);
    torch::mm_out(d_w_x, x_tm.view({steps * batch, in}).t(), dg_flat);
    if (steps > 1) {
      torch::mm_out(d_w_h, hs.narrow(0, 0, steps - 1).view({(steps - 1) * batch, units}).t(),
                    d_gates.narrow(0, 1, steps - 1).view({(steps - 1) * batch, width}));
    } else {
      d_w_h.zero_();
    }
    float* dbp = d_bias.data_ptr<float>();
    std::copy(dgp, dgp + width, dbp);
    for (std::int64_t r = 1; r < steps * batch; ++r) {
      const float* g = dgp + r * width;
      for (std::int64_t j = 0; j < width; ++j) dbp[j] += g[j];
    }
    torch::Tensor d_x;
    if (ctx->needs_input_grad(0)) {
      d_x = torch::mm(dg_flat, kernel.narrow(0, 0, in).t()).view({steps, batch, in}).transpose(0, 1);
    }
    return {d_x, d_kernel, d_bias, torch::Tensor(), torch::Tensor()};
  }
};

// TF gate columns i, j, f, o -> ATen's i, f, g(=j), o.
torch::Tensor tf_to_aten_gates(const torch::Tensor& t, int units, int dim) {
  auto chunks = t.split(units, dim);
  return torch::cat({chunks[0], chunks[2], chunks[1], chunks[3]}, dim);
}

}  // namespace

torch::Tensor TorchMelodyRnn::lstm_layer(const torch::Tensor& x, std::size_t layer, int units) {
  const std::string scope = lstm_scope(shape_.attention_layout, layer);
  const torch::Tensor& kernel = p(scope + "basic_lstm_cell/kernel");
  const torch::Tensor& bias = p(scope + "basic_lstm_cell/bias");
  if (!aten_lstm_) {
    const bool training = torch::GradMode::is_enabled() && kernel.requires_grad();
    return FusedLstmLayer::apply(x, kernel, bias, &scratch_[layer], training);
  }
  // ATen's LSTM, the tests' independent reference. Its layout: w_ih [4u, in], w_hh [4u, u],
  // gates i, f, g, o; the forget bias of 1.0 goes into the input bias.
  const std::int64_t batch = x.size(0), in = kernel.size(0) - units;
  const torch::Tensor w_ih = tf_to_aten_gates(kernel.narrow(0, 0, in), units, 1).t();
  const torch::Tensor w_hh = tf_to_aten_gates(kernel.narrow(0, in, units), units, 1).t();
  torch::Tensor forget = torch::zeros({4 * units});
  forget.narrow(0, units, units).fill_(1.0f);
  const torch::Tensor b_ih = tf_to_aten_gates(bias, units, 0) + forget;
  const torch::Tensor b_hh = torch::zeros({4 * units});
  const torch::Tensor h0 = torch::zeros({1, batch, units}), c0 = torch::zeros({1, batch, units});
  auto result = at::lstm(x, {h0, c0}, {w_ih, w_hh, b_ih, b_hh}, /*has_biases=*/true, /*num_layers=*/1,
                         /*dropout=*/0.0, /*train=*/false, /*bidirectional=*/false, /*batch_first=*/true);
  return std::get<0>(result);
}

torch::Tensor TorchMelodyRnn::attention_layers(const torch::Tensor& x, double keep, at::Generator* dropout) {
  // AttentionCellWrapper (MG magenta/contrib/rnn.py): the attention over the last
  // attn_length outputs makes every step depend on the previous outputs. Fused when it
  // wraps the first layer only (fused_attention.cpp); the whole-stack layout of older
  // checkpoints, with dropout inside the wrapper, and the tests' reference run step by step.
  const AttentionLayout layout = shape_.attention_layout;
  const std::string scope = attention_scope(layout);
  const int size = shape_.attention.attn_size;
  const int length = shape_.attention.attn_length;
  if (layout == AttentionLayout::kFirstLayer && !stepwise_attention_) {
    // Magenta's graph: DropoutWrapper(AttentionCellWrapper(cell_0)), fused.
    const std::string cell = lstm_scope(layout, 0);
    const AttentionParams params{p(scope + "kernel"),
                                 p(scope + "bias"),
                                 p(cell + "basic_lstm_cell/kernel"),
                                 p(cell + "basic_lstm_cell/bias"),
                                 p(scope + "attention/kernel"),
                                 p(scope + "attention/bias"),
                                 p(scope + "attention/attn_w").view({size, size}),
                                 p(scope + "attention/attn_v"),
                                 p(scope + "attn_output_projection/kernel"),
                                 p(scope + "attn_output_projection/bias")};
    const torch::Tensor out = fused_attention_layer(x.contiguous(), params, length, &attention_scratch_);
    return output_dropout(out, keep, dropout, dropout_global_batch_, dropout_first_row_);
  }
  const std::int64_t batch = x.size(0), steps = x.size(1);
  const std::size_t wrapped = layout == AttentionLayout::kFirstLayer ? 1 : shape_.layers.size();
  std::vector<torch::Tensor> c(wrapped), h(wrapped);
  for (std::size_t k = 0; k < wrapped; ++k) {
    c[k] = torch::zeros({batch, shape_.layers[k].units});
    h[k] = torch::zeros({batch, shape_.layers[k].units});
  }
  torch::Tensor attns = torch::zeros({batch, size});
  torch::Tensor attn_states = torch::zeros({batch, length, size});
  const torch::Tensor attn_w = p(scope + "attention/attn_w").view({size, size});
  const torch::Tensor& attn_v = p(scope + "attention/attn_v");
  std::vector<torch::Tensor> outputs;
  outputs.reserve(static_cast<std::size_t>(steps));
  for (std::int64_t t = 0; t < steps; ++t) {
    torch::Tensor input = torch::addmm(p(scope + "bias"), torch::cat({x.select(1, t), attns}, 1), p(scope + "kernel"));
    std::vector<torch::Tensor> query_parts;
    for (std::size_t k = 0; k < wrapped; ++k) {
      const int units = shape_.layers[k].units;
      const std::string cell = lstm_scope(layout, k);
      torch::Tensor gates = torch::addmm(p(cell + "basic_lstm_cell/bias"), torch::cat({input, h[k]}, 1),
                                         p(cell + "basic_lstm_cell/kernel"));
      auto g = gates.split(units, 1);  // i, j, f, o
      c[k] = c[k] * torch::sigmoid(g[2] + 1.0) + torch::sigmoid(g[0]) * torch::tanh(g[1]);
      h[k] = torch::tanh(c[k]) * torch::sigmoid(g[3]);
      query_parts.push_back(c[k]);
      query_parts.push_back(h[k]);
      input = h[k];
      // Inside a wrapped MultiRNNCell each layer keeps its own DropoutWrapper.
      if (layout == AttentionLayout::kWholeStack) {
        input = output_dropout(h[k], keep, dropout, dropout_global_batch_, dropout_first_row_);
      }
    }
    // The wrapped cell's output: a MultiRNNCell's is its last layer's dropped-out output.
    const torch::Tensor cell_output = layout == AttentionLayout::kWholeStack ? input : h[wrapped - 1];
    const torch::Tensor y = torch::addmm(p(scope + "attention/bias"), torch::cat(query_parts, 1),
                                         p(scope + "attention/kernel"));
    const torch::Tensor features = torch::matmul(attn_states, attn_w);
    const torch::Tensor scores = (attn_v * torch::tanh(features + y.unsqueeze(1))).sum(2);
    const torch::Tensor a = torch::softmax(scores, 1);
    attns = (a.unsqueeze(2) * attn_states).sum(1);
    const torch::Tensor output = torch::addmm(p(scope + "attn_output_projection/bias"),
                                              torch::cat({cell_output, attns}, 1),
                                              p(scope + "attn_output_projection/kernel"));
    attn_states = torch::cat({attn_states.narrow(1, 1, length - 1), output.unsqueeze(1)}, 1);
    outputs.push_back(output);
  }
  torch::Tensor out = torch::stack(outputs, 1);
  if (layout == AttentionLayout::kFirstLayer) {
    out = output_dropout(out, keep, dropout, dropout_global_batch_, dropout_first_row_);
  }
  return out;
}

torch::Tensor TorchMelodyRnn::forward(const torch::Tensor& inputs, double keep, at::Generator* dropout) {
  torch::Tensor x = inputs;
  std::size_t first_plain = 0;
  if (shape_.attention_layout != AttentionLayout::kNone) {
    x = attention_layers(x, keep, dropout);
    first_plain = shape_.attention_layout == AttentionLayout::kFirstLayer ? 1 : shape_.layers.size();
  }
  for (std::size_t k = first_plain; k < shape_.layers.size(); ++k) {
    x = lstm_layer(x, k, shape_.layers[k].units);
    x = output_dropout(x, keep, dropout, dropout_global_batch_, dropout_first_row_, /*time_major=*/true);
  }
  return torch::matmul(x, p("fully_connected/weights")) + p("fully_connected/biases");
}

}  // namespace stochos::rnn::detail
