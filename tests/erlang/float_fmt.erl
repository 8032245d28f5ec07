-module(float_fmt).
-export([test/0]).
%% Float formatting options.
test() ->
    L = [0.0, 1.0, -1.5, 0.1, 100.0, 1.0e10, 1.23456789e-7, 6.02214076e23, 2.0e-5, 12345678.9],
    [{float_to_list(X), float_to_list(X, [{decimals, 3}]), float_to_list(X, [{scientific, 4}]),
      float_to_binary(X, [short]), float_to_list(X, [{decimals, 2}, compact]),
      lists:flatten(io_lib:format("~f ~e ~g ~.3f ~10.2f ~-10.2e|", [X, X, X, X, X, X]))} || X <- L].
