-module(float_fmt_opts).
-export([test/0]).

%% float_to_binary/list options: short combined with decimals and compact
%% (the last one wins, as OTP's option parser says), and list_to_float's
%% edge cases.
test() ->
    Fs = [0.0, -0.0, 1.0, 0.1, 1.5, -2.25, 1.0e20, 1.0e-5, 123456.789,
          3.141592653589793, 5.0e-324, 1.7976931348623157e308],
    Opts = [[short], [short, {decimals, 3}], [{decimals, 3}, short],
            [{decimals, 2}, compact, short], [short, {scientific, 3}],
            [{scientific, 3}, short], [short, compact],
            [{decimals, 0}], [{decimals, 4}, compact], [{scientific, 0}]],
    [[e(fun() -> float_to_binary(F, O) end) || O <- Opts] || F <- Fs] ++
    [[e(fun() -> float_to_list(F, O) end) || O <- Opts] || F <- [0.5, -1.0e10]] ++
    [e(fun() -> list_to_float(S) end)
     || S <- ["1.0", "-1.0", "+1.0", "1.0e5", "1.0E5", "1.0e+5", "1.0e-5",
              "1e5", "1.", ".5", "1.0e", "0.0", "-0.0", "1.0e400", "1.0e-400",
              "  1.0", "1.0 ", "1_0.0", "1.0x", "", "1.5e308", "00001.5",
              "1.0e0005", "9007199254740993.0", "0.1e-322", "1,0"]] ++
    [e(fun() -> binary_to_float(B) end)
     || B <- [<<"1.0">>, <<"-2.5e-3">>, <<"1">>, <<"1.0e">>, <<"2.0e308">>]].

e(F) -> try F() catch C:R -> {C, R} end.
