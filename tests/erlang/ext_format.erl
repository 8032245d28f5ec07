-module(ext_format).
-export([test/0]).
%% External term format encoding.
test() ->
    Ts = [0, 255, 256, -1, 1 bsl 31, 1 bsl 32, -(1 bsl 40), 1 bsl 300, 1.5, a, 'é', [], "abc", [1, 300], [a | b], {}, {1, 2},
          list_to_tuple(lists:seq(1, 300)), <<>>, <<1, 2>>, <<1:5>>, #{}, #{a => 1}, fun lists:map/2, self() =:= self()],
    [term_to_binary(T) || T <- Ts, not is_function(T)] ++ [binary_to_term(term_to_binary(T)) =:= T || T <- Ts] ++
    [term_to_binary({a, "x"}, [compressed]) =:= x orelse ok, binary_to_term(term_to_binary(lists:seq(1, 100), [compressed])),
     byte_size(term_to_binary(lists:duplicate(1000, 0), [compressed])), term_to_binary(1.5, [{minor_version, 0}])].
