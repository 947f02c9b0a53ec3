"""rnn-tutor: learn the tensor shapes of PyTorch's recurrent layers by predicting them."""

__version__ = "0.1.0"
