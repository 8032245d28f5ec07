-module(bin_bif).
-export([test/0]).
%% Binary module BIFs.
test() ->
    B = <<"hello world, hello erlang">>,
    [binary:split(B, <<" ">>), binary:split(B, <<" ">>, [global]), binary:match(B, <<"hello">>),
     binary:matches(B, <<"hello">>), binary:replace(B, <<"hello">>, <<"bye">>, [global]),
     binary:part(B, 6, 5), binary:part(B, {byte_size(B), -6}), binary:first(B), binary:last(B), binary:at(B, 4),
     binary:bin_to_list(B, 0, 3), binary:copy(<<"ab">>, 3), binary:decode_unsigned(<<1, 0, 0>>),
     binary:encode_unsigned(65536, little), binary:longest_common_prefix([<<"abcd">>, <<"abxy">>]),
     binary:longest_common_suffix([<<"xyz">>, <<"ayz">>]), split_binary(B, 5), binary_part(B, 0, 2),
     binary:list_to_bin([1, [2, <<3>>]]), iolist_to_binary([<<"a">>, "b", [$c | <<"d">>]]), iolist_size([1, <<2, 3>>, [[4]]])].
