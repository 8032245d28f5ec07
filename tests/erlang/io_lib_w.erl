-module(io_lib_w).
-export([test/0]).
%% Io_lib ~w/~p/write of many term types.
test() ->
    Ts = [atom, 'Quoted Atom', 'a@b', [], "str", [1, 2 | 3], {}, {a, "b", <<"c">>}, <<1, 2, 3>>, <<1:3>>,
          1.0, -0.0, 1 bsl 70, #{a => [1]}, [[]], 'hello world', '', 'é', "\n\t", [256, 1000], <<"é"/utf8>>],
    [{lists:flatten(io_lib:format("~w", [T])), lists:flatten(io_lib:format("~p", [T])),
      lists:flatten(io_lib:write(T))} || T <- Ts].
