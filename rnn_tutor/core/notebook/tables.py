"""What learner code may reach: the imports, module attributes, builtins and methods allowed.

Everything is named here, as data, so the walker can refuse anything else by name. Names
are strings; torch objects are looked up from them only when a cell runs.
"""

from __future__ import annotations

from rnn_tutor.core.call.spec import GATED_POSITIONAL
from rnn_tutor.core.notebook.devices import CUDA, CUDNN_FLAGS

# import X / from X import ... : the modules a learner may name.
MODULES: frozenset[str] = frozenset(
    {
        "torch",
        "torch.nn",
        "torch.nn.functional",
        "torch.nn.utils",
        "torch.nn.utils.rnn",
        "torchinfo",
        "torch.autograd",
        "torch.optim",
        "torch.nn.init",
        "math",
        "random",
        "__future__",
    }
)

# The standard library a tutorial's first cell imports, as safe subsets: pure functions of numbers
# (math; not factorial/prod/pow, whose work no cap sees), the seeded generator (random; not
# choices/sample, which build lists of any length, nor state save/restore), and
# the __future__ flags old tutorials start with (they change nothing in Python 3).
_MATH = frozenset(
    {
        "sqrt", "log", "log2", "log10", "exp", "floor", "ceil", "pi", "e", "inf", "nan",
        "sin", "cos", "tan", "tanh", "fabs", "isnan", "isinf", "isclose", "trunc",
    }
)  # fmt: skip
_RANDOM = frozenset({"seed", "random", "randint", "randrange", "choice", "shuffle", "uniform"})
_FUTURE = frozenset(
    {"print_function", "division", "unicode_literals", "absolute_import", "annotations",
     "generators", "nested_scopes", "with_statement"}
)  # fmt: skip

_ACTIVATIONS = (
    "ReLU",
    "Tanh",
    "Sigmoid",
    "Softmax",
    "LogSoftmax",
    "GELU",
    "LeakyReLU",
    "ELU",
    "SiLU",
    "Identity",
    "Flatten",
)

# Losses, as modules (nn.X) and functions (F.x): their shape rules are torch's own; what they
# make is never larger than their input.
_LOSSES = ("CrossEntropyLoss", "NLLLoss", "MSELoss", "L1Loss", "SmoothL1Loss", "BCELoss",
           "BCEWithLogitsLoss")  # fmt: skip
_LOSS_FUNCTIONS = ("cross_entropy", "nll_loss", "mse_loss", "l1_loss", "smooth_l1_loss",
                   "binary_cross_entropy", "binary_cross_entropy_with_logits")  # fmt: skip

# torch.optim: one step is real (a walk over the parameters, as torch does it); a loop of steps
# runs under the cell's work and time limits like any other loop.
OPTIMIZERS = frozenset({"SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "LBFGS"})
OPTIMIZER_ATTRS = frozenset({"zero_grad", "step", "param_groups"})

# nn.init: in-place fills of one tensor (orthogonal_ is a QR, sized by its guard).
_INIT = frozenset(
    {"uniform_", "normal_", "zeros_", "ones_", "constant_", "xavier_uniform_", "xavier_normal_",
     "kaiming_uniform_", "kaiming_normal_", "orthogonal_", "eye_", "trunc_normal_"}
)  # fmt: skip

# Reductions a learner may call as torch.f(x) and as x.f() alike.
_REDUCTIONS = ("sum", "mean", "max", "min", "argmax", "argmin")

# (module, attribute) pairs learner code may read.
MODULE_ATTRS: dict[str, frozenset[str]] = {
    "torch": frozenset(
        {
            "randn",
            "rand",
            "zeros",
            "ones",
            "full",
            "arange",
            "tensor",
            "randint",
            "manual_seed",
            "zeros_like",
            "ones_like",
            "randn_like",
            "rand_like",
            "full_like",
            "cat",
            "stack",
            "bmm",
            "matmul",
            "mm",
            "softmax",
            "log_softmax",
            "tanh",
            "relu",
            "sigmoid",
            "exp",
            "log",
            *_REDUCTIONS,
            "squeeze",
            "unsqueeze",
            "flatten",
            "transpose",
            "permute",
            "reshape",
            "chunk",
            "split",
            "equal",
            "allclose",
            "numel",
            "where",
            "abs",
            "sqrt",
            "no_grad",
            "float32",
            "float64",
            "float16",
            "int64",
            "int32",
            "long",
            "float",
            "double",
            "int",
            "bool",
            "Size",
            "Tensor",
            "FloatTensor",
            "DoubleTensor",
            "LongTensor",
            "IntTensor",
            "BoolTensor",
            "ByteTensor",
            "empty",
            "as_tensor",
            "nn",
            "is_tensor",
            # devices (devices.py): CPU only
            "device",
            "cuda",
            "backends",
            "optim",
        }
    ),
    "torch.nn": frozenset(
        {
            "RNN",
            "LSTM",
            "GRU",
            "RNNCell",
            "LSTMCell",
            "GRUCell",
            "Linear",
            "Embedding",
            "Dropout",
            "LayerNorm",
            "Sequential",
            "Module",
            "functional",
            "utils",
            "Parameter",
            *_ACTIVATIONS,
            *_LOSSES,
            "init",
        }
    ),
    "torch.nn.functional": frozenset(
        {
            "relu",
            "tanh",
            "sigmoid",
            "softmax",
            "log_softmax",
            "gelu",
            "leaky_relu",
            "elu",
            "silu",
            "dropout",
            "one_hot",
            *_LOSS_FUNCTIONS,
        }
    ),
    "torch.nn.utils": frozenset({"rnn", "clip_grad_norm_", "clip_grad_value_"}),
    "torch.nn.utils.rnn": frozenset(
        {
            "pack_padded_sequence",
            "pad_packed_sequence",
            "pad_sequence",
            "pack_sequence",
            "PackedSequence",
            "unpad_sequence",
            "unpack_sequence",
        }
    ),
    "torchinfo": frozenset({"summary"}),
    # Old tutorials wrap tensors in Variable; since torch 0.4 it returns the tensor itself.
    "torch.autograd": frozenset({"Variable"}),
    "torch.optim": OPTIMIZERS,
    "torch.nn.init": _INIT,
    "math": _MATH,
    "random": _RANDOM,
    "__future__": _FUTURE,
    "torch.cuda": frozenset(CUDA),
    "torch.backends": frozenset({"cudnn"}),
    "torch.backends.cudnn": CUDNN_FLAGS,
}

# Tensor (and Parameter) attributes and methods.
TENSOR_ATTRS: frozenset[str] = frozenset(
    {
        "shape",
        "size",
        "ndim",
        "dim",
        "dtype",
        "view",
        "reshape",
        "permute",
        "transpose",
        "squeeze",
        "unsqueeze",
        "contiguous",
        "is_contiguous",
        "flatten",
        "float",
        "long",
        "int",
        "double",
        "bool",
        *_REDUCTIONS,
        "softmax",
        "log_softmax",
        "detach",
        "numel",
        "item",
        "tolist",
        "clone",
        "tanh",
        "relu",
        "sigmoid",
        "exp",
        "log",
        "abs",
        "chunk",
        "split",
        "eq",
        "ne",
        "all",
        "any",
        "std",
        "var",
        "norm",
        "data",
        "requires_grad",
        "T",
        "view_as",
        "reshape_as",
        "masked_fill",
        "sqrt",
        "nelement",
        "t",
        "type_as",
        "is_leaf",
        "equal",
        "allclose",
        "to",
        "cpu",
        "cuda",
        # training: the gradient torch computes (backward's work is its forward's, already sized)
        "backward",
        "grad",
        "requires_grad_",
    }
)

PACKED_ATTRS: frozenset[str] = frozenset(
    {"data", "batch_sizes", "sorted_indices", "unsorted_indices"}
)

SIZE_ATTRS: frozenset[str] = frozenset({"numel", "index", "count"})

# nn.Module methods every module offers a learner.
MODULE_METHODS: frozenset[str] = frozenset(
    {
        "named_parameters",
        "parameters",
        "named_children",
        "children",
        "named_modules",
        "modules",
        "train",
        "eval",
        "training",
        "forward",
        "to",
        "cpu",
        "cuda",
        "zero_grad",
        "apply",
    }
)

# Configuration attributes of the allowed layers (read only; present only where torch has them).
MODULE_CONFIG: frozenset[str] = frozenset(
    {
        *GATED_POSITIONAL,
        "mode",
        "all_weights",
        "in_features",
        "out_features",
        "num_embeddings",
        "embedding_dim",
        "padding_idx",
        "normalized_shape",
        "eps",
        "p",
        "weight",
        "dim",
        "negative_slope",
        "reduction",
        "ignore_index",
    }
)

# Methods of plain Python values.
PY_METHODS: dict[type, frozenset[str]] = {
    list: frozenset({"append", "extend", "pop", "index", "count", "reverse", "insert", "copy"}),
    dict: frozenset({"items", "keys", "values", "get", "update", "copy", "pop"}),
    tuple: frozenset({"index", "count"}),
    str: frozenset(
        {
            "join",
            "upper",
            "lower",
            "strip",
            "split",
            "startswith",
            "endswith",
            "lstrip",
            "rstrip",
            "isdigit",
        }
    ),
}

# Builtins a cell may call by name (the walker implements or guards each).
BUILTINS: frozenset[str] = frozenset(
    {
        "print",
        "len",
        "range",
        "min",
        "max",
        "sum",
        "abs",
        "round",
        "int",
        "float",
        "str",
        "bool",
        "list",
        "tuple",
        "dict",
        "zip",
        "enumerate",
        "sorted",
        "reversed",
        "isinstance",
        "any",
        "all",
        "repr",
        "super",
        "set",
        "divmod",
    }
)
