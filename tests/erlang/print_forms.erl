-module(print_forms).
-export([test/0]).
%% How ~w writes atoms (quoting and escapes), lists, binaries and funs.
test() ->
    [hello, 'Hello', 'hello world', '', 'a@b', a_B9, 'é', 'Ünïcode', '[]', '{}', 'a.b',
     'it\'s', 'back\\slash', 'tab\there', 'nl\n', '\x7f', 'x\x{2603}', 'and', 'or', 'receive',
     'maybe', 'else', 'after', '_under', '9lives', 'CamelCase', 'ok!', '+', '==',
     [1 | 2], [[1 | 2] | 3], [[]], [{}], {[], {}}, "", <<>>, <<0>>, <<255, 0, 7>>,
     <<1:1>>, <<5:3>>, <<1, 2:2>>, <<256:16>>, -0.0, 1.0e-300, -123, 1 bsl 64,
     fun lists:map/2, fun erlang:'+'/2, fun ?MODULE:test/0, {'EXIT', self_test}].
