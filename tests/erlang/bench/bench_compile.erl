-module(bench_compile).
-export([run/0]).
%% OTP's own compiler (unmodified) compiling a generated 60-function
%% module to a .beam in memory, 5 times.
src() ->
    Fs = [io_lib:format("f~w(X, Y) when is_integer(X) -> case X rem ~w of 0 -> [Y | f~w(X - 1, Y)]; N -> {N, #{k => Y, n => <<N:16>>}} end;\nf~w(_, Y) -> lists:reverse(Y).\n", [I, I + 2, I, I]) || I <- lists:seq(1, 60)],
    Ex = string:join([io_lib:format("f~w/2", [I]) || I <- lists:seq(1, 60)], ", "),
    lists:flatten(["-module(gen).\n-export([", Ex, "]).\n" | Fs]).
forms(S) -> {ok, Ts, _} = erl_scan:string(S), split(Ts, [], []).
split([], [], Acc) -> lists:reverse(Acc);
split([{dot, _} = D | T], Cur, Acc) -> {ok, F} = erl_parse:parse_form(lists:reverse([D | Cur])), split(T, [], [F | Acc]);
split([H | T], Cur, Acc) -> split(T, [H | Cur], Acc).
run() ->
    Fs = forms(src()),
    Sizes = [begin {ok, gen, B} = compile:forms(Fs, [binary, deterministic]), byte_size(B) end
             || _ <- lists:seq(1, 5)],
    hd(Sizes).
