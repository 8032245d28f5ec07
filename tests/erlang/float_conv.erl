-module(float_conv).
-export([test/0]).
reason({'EXIT', {R, _}}) -> {'EXIT', R};
reason(V) -> V.
%% float_to_list, list_to_float and friends.
test() ->
    [float_to_list(1.5), float_to_list(0.1, [short]), float_to_list(3.14159, [{decimals, 2}]),
     float_to_list(2.0, [{decimals, 4}, compact]), float_to_list(1234.5, [{scientific, 3}]),
     float_to_binary(0.25, [short]), list_to_float("1.25"), list_to_float("-2.5e3"),
     binary_to_float(<<"6.02e23">>), reason(catch list_to_float("1")), reason(catch list_to_float("abc")),
     float_to_list(1.0e-7, [short]), float_to_list(123.456, [{decimals, 1}]),
     float_to_list(-0.5, [{decimals, 0}]), io_lib:format("~.3f", [2.0/3]),
     io_lib:format("~e", [12345.678]), io_lib:format("~g", [0.5])].
