-module(binaries_basic).
-export([test/0]).
%% Binary construction, matching and BIFs.
test() ->
    B = <<"hello world">>,
    <<H:5/binary, _, T/binary>> = B,
    [H, T, byte_size(B), bit_size(B), binary_to_list(B), list_to_binary(["ab", [$c, <<"de">>], 102]),
     iolist_to_binary([<<1, 2>>, 3, [4, [5]]]), iolist_size([<<1, 2>>, 3]), binary_part(B, 6, 5),
     binary_part(B, {11, -5}), split_binary(B, 4), binary:split(<<"a,b,c">>, <<",">>, [global]),
     binary:match(B, <<"o">>), binary:matches(B, <<"o">>), binary:replace(B, <<"o">>, <<"0">>, [global]),
     binary:copy(<<"ab">>, 3), binary:first(B), binary:last(B), binary:at(B, 4),
     binary_to_list(B, 2, 4), binary:bin_to_list(B, {1, 3}), binary:encode_unsigned(1000),
     binary:decode_unsigned(<<1, 0>>), atom_to_binary(hello), binary_to_atom(<<"x y">>),
     integer_to_binary(255, 16), binary_to_integer(<<"-77">>), <<1:1, 0:3, 15:4>>,
     <<"abc"/utf8>>, << <<"x">>/binary, "yz" >>, <<>>, term_to_binary({a, [1, 2], <<"b">>, 3.5}),
     binary_to_term(term_to_binary(#{k => [v, 1.0, -5, 1 bsl 70]}))].
