#!/usr/bin/python3
"""Writes matmul.onnx for bench_speed.sh: one MatMul a [N, W] x b [W, 2W] (b a fixed random initialiser), opset 17."""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

w = int(sys.argv[2]) if len(sys.argv) > 2 else 64
b = numpy_helper.from_array(np.random.default_rng(0).standard_normal((w, 2 * w)).astype(np.float32), "b")
g = helper.make_graph([helper.make_node("MatMul", ["a", "b"], ["c"])], "matmul",
                      [helper.make_tensor_value_info("a", TensorProto.FLOAT, ["rows", w])],
                      [helper.make_tensor_value_info("c", TensorProto.FLOAT, ["rows", 2 * w])], [b])
m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)])
onnx.checker.check_model(m)
onnx.save(m, sys.argv[1])
