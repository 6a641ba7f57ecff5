// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/rnn/detail/torch_model.h"

#include <cmath>

#include "stochos/core/error.h"
#include "stochos/rnn/detail/activations.h"

namespace stochos::rnn::detail {
namespace {

torch::Tensor from_floats(const std::vector<float>& values, std::vector<std::int64_t> shape) {
  return torch::from_blob(const_cast<float*>(values.data()), shape, torch::kFloat32).clone();
}

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
  for (const auto& [name, tensor] : checkpoint.tensors) {
    if (tensor.dtype != tfio::DataType::kFloat) continue;
    params_[name] = from_floats(tensor.floats, tensor.shape).set_requires_grad(true);
  }
  // Keep only the sizes in shape_; the values live in params_.
  for (auto& l : shape_.layers) l.kernel.clear(), l.bias.clear();
  shape_.output.kernel.clear();
  shape_.output.bias.clear();
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

namespace {

// A whole BasicLSTMCell layer over a sequence as one autograd node. ATen's at::lstm runs
// about ten tensor operations per time step, each with dispatch and autograd bookkeeping;
// here a step is one matrix product (h · W_h) plus one hand-fused loop over the gates, and
// the backward pass is written out (BPTT), with the input and weight gradients done as
// three large products over all steps. Buffers are time-major [T, B, ...].
class FusedLstmLayer : public torch::autograd::Function<FusedLstmLayer> {
 public:
  // x [B, T, in], kernel [in + units, 4 units] (TF gate order i, j, f, o), bias [4 units].
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x,
                               const torch::Tensor& kernel, const torch::Tensor& bias) {
    const std::int64_t batch = x.size(0), steps = x.size(1), in = x.size(2);
    const std::int64_t units = kernel.size(1) / 4;
    const torch::Tensor x_tm = x.transpose(0, 1).contiguous();  // [T, B, in]
    const torch::Tensor w_x = kernel.narrow(0, 0, in), w_h = kernel.narrow(0, in, units);
    // Input contributions of every step at once, bias included.
    torch::Tensor gates = torch::addmm(bias, x_tm.view({steps * batch, in}), w_x).view({steps, batch, 4 * units});
    torch::Tensor acts = torch::empty({steps, batch, 4 * units});  // sigma(i), tanh(j), sigma(f+1), sigma(o)
    torch::Tensor cells = torch::empty({steps, batch, units});
    torch::Tensor tanh_cells = torch::empty({steps, batch, units});
    torch::Tensor hs = torch::empty({steps, batch, units});
    torch::Tensor h = torch::zeros({batch, units});
    std::vector<float> c(static_cast<std::size_t>(batch * units), 0.0f);
    for (std::int64_t t = 0; t < steps; ++t) {
      torch::Tensor g = gates[t];
      if (t > 0) g.addmm_(h, w_h);
      const float* gp = g.data_ptr<float>();
      float* ap = acts[t].data_ptr<float>();
      float* cp = cells[t].data_ptr<float>();
      float* tcp = tanh_cells[t].data_ptr<float>();
      float* hp = hs[t].data_ptr<float>();
      for (std::int64_t b = 0; b < batch; ++b) {
        float* ab = ap + b * 4 * units;
        std::copy(gp + b * 4 * units, gp + (b + 1) * 4 * units, ab);
        // Gate order i, j, f, o; the forget bias of 1.0 is added at run time, as TF does.
        for (std::int64_t k = 0; k < units; ++k) ab[2 * units + k] += 1.0f;
        sigmoid_in_place(ab, static_cast<std::size_t>(units));
        tanh_in_place(ab + units, static_cast<std::size_t>(units));
        sigmoid_in_place(ab + 2 * units, static_cast<std::size_t>(2 * units));
        float* cb = c.data() + b * units;
        for (std::int64_t k = 0; k < units; ++k) cb[k] = cb[k] * ab[2 * units + k] + ab[k] * ab[units + k];
        std::copy(cb, cb + units, cp + b * units);
        std::copy(cb, cb + units, tcp + b * units);
        tanh_in_place(tcp + b * units, static_cast<std::size_t>(units));
        for (std::int64_t k = 0; k < units; ++k) hp[b * units + k] = tcp[b * units + k] * ab[3 * units + k];
      }
      h = hs[t];
    }
    ctx->save_for_backward({x_tm, kernel, acts, cells, hs, tanh_cells});
    return hs.transpose(0, 1);  // [B, T, units]
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grad_outputs) {
    const auto saved = ctx->get_saved_variables();
    const torch::Tensor &x_tm = saved[0], &kernel = saved[1], &acts = saved[2], &cells = saved[3], &hs = saved[4],
                        &tanh_cells = saved[5];
    const std::int64_t steps = x_tm.size(0), batch = x_tm.size(1), in = x_tm.size(2);
    const std::int64_t units = kernel.size(1) / 4;
    const torch::Tensor grad_h = grad_outputs[0].transpose(0, 1).contiguous();  // [T, B, units]
    const torch::Tensor w_h = kernel.narrow(0, in, units);
    torch::Tensor d_gates = torch::empty({steps, batch, 4 * units});
    torch::Tensor dh_next = torch::zeros({batch, units});
    std::vector<float> dc(static_cast<std::size_t>(batch * units), 0.0f);
    for (std::int64_t t = steps - 1; t >= 0; --t) {
      const float* gh = grad_h[t].data_ptr<float>();
      const float* dhn = dh_next.data_ptr<float>();
      const float* ap = acts[t].data_ptr<float>();
      const float* tcp = tanh_cells[t].data_ptr<float>();
      const float* cprev = t > 0 ? cells[t - 1].data_ptr<float>() : nullptr;
      float* dg = d_gates[t].data_ptr<float>();
      for (std::int64_t b = 0; b < batch; ++b) {
        const float* ab = ap + b * 4 * units;
        float* db = dg + b * 4 * units;
        for (std::int64_t k = 0; k < units; ++k) {
          const std::int64_t n = b * units + k;
          const float i = ab[k], j = ab[units + k], f = ab[2 * units + k], o = ab[3 * units + k];
          const float tc = tcp[n];
          const float dh = gh[n] + dhn[n];
          float& dcell = dc[static_cast<std::size_t>(n)];
          dcell = dh * o * (1 - tc * tc) + dcell;
          const float c_prev = cprev ? cprev[n] : 0.0f;
          db[k] = dcell * j * i * (1 - i);
          db[units + k] = dcell * i * (1 - j * j);
          db[2 * units + k] = dcell * c_prev * f * (1 - f);
          db[3 * units + k] = dh * tc * o * (1 - o);
          dcell *= f;
        }
      }
      dh_next = torch::mm(d_gates[t], w_h.t());
    }
    const torch::Tensor dg_flat = d_gates.view({steps * batch, 4 * units});
    // h_prev for every step: zeros, then hs shifted by one.
    torch::Tensor h_prev = torch::cat({torch::zeros({1, batch, units}), hs.narrow(0, 0, steps - 1)}, 0);
    torch::Tensor d_kernel = torch::cat({torch::mm(x_tm.view({steps * batch, in}).t(), dg_flat),
                                         torch::mm(h_prev.view({steps * batch, units}).t(), dg_flat)},
                                        0);
    torch::Tensor d_bias = dg_flat.sum(0);
    torch::Tensor d_x = torch::mm(dg_flat, kernel.narrow(0, 0, in).t()).view({steps, batch, in}).transpose(0, 1);
    return {d_x, d_kernel, d_bias};
  }
};

// TF gate columns i, j, f, o -> ATen's i, f, g(=j), o.
torch::Tensor tf_to_aten_gates(const torch::Tensor& t, int units, int dim) {
  auto chunks = t.split(units, dim);
  return torch::cat({chunks[0], chunks[2], chunks[1], chunks[3]}, dim);
}

// From this batch size on, ATen's own LSTM (oneDNN's fused RNN kernels in Debian's
// LibTorch) is faster than FusedLstmLayer, whose per-step loop wins on small batches.
constexpr std::int64_t kAtenLstmMinBatch = 16;

}  // namespace

torch::Tensor TorchMelodyRnn::lstm_layer(const torch::Tensor& x, const std::string& scope, int units) {
  const torch::Tensor& kernel = p(scope + "basic_lstm_cell/kernel");
  const torch::Tensor& bias = p(scope + "basic_lstm_cell/bias");
  const std::int64_t batch = x.size(0);
  if (batch < kAtenLstmMinBatch) return FusedLstmLayer::apply(x.contiguous(), kernel, bias);
  // ATen's layout: w_ih [4u, in], w_hh [4u, u], gates i, f, g, o; the forget bias of 1.0
  // goes into the input bias.
  const std::int64_t in = kernel.size(0) - units;
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
  // AttentionCellWrapper unrolled step by step (MG magenta/contrib/rnn.py): the attention
  // over the last attn_length outputs makes every step depend on the previous outputs.
  const AttentionLayout layout = shape_.attention_layout;
  const std::string scope = attention_scope(layout);
  const int size = shape_.attention.attn_size;
  const int length = shape_.attention.attn_length;
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
    x = lstm_layer(x, lstm_scope(shape_.attention_layout, k), shape_.layers[k].units);
    x = output_dropout(x, keep, dropout, dropout_global_batch_, dropout_first_row_, /*time_major=*/true);
  }
  return torch::matmul(x, p("fully_connected/weights")) + p("fully_connected/biases");
}

}  // namespace stochos::rnn::detail
