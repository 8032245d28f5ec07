-module(ext_options).
-export([test/0]).
%% Term_to_binary options: minor versions, deterministic, compression levels; pids and refs round trip.
test() ->
    R = make_ref(),
    T = {a, 'é', [1, 2.5], <<"x">>, #{k => v}},
    [term_to_binary(T, [{minor_version, 2}]), term_to_binary(T, [{minor_version, 1}]), term_to_binary(T, [{minor_version, 0}]),
     term_to_binary(T, [deterministic]), term_to_binary(lists:duplicate(200, T), [{compressed, 1}]) =:= x,
     byte_size(term_to_binary(lists:duplicate(200, T), [{compressed, 9}])), binary_to_term(term_to_binary(lists:duplicate(200, T), [compressed])) =:= lists:duplicate(200, T),
     term_to_binary(small, [compressed]), binary_to_term(term_to_binary(2.5, [{minor_version, 0}])),
     binary_to_term(term_to_binary(self())) =:= self(), binary_to_term(term_to_binary(R)) =:= R,
     binary_to_term(term_to_binary({self(), R})) =:= {self(), R}].
