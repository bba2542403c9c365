source_filename = "seqc-ptx"
target datalayout = "e-i64:64-i128:128-v16:16-v32:32-n16:32:64"
target triple = "nvptx64-nvidia-cuda"

@seqc_ptx_transpose_tile_sh1 = internal addrspace(3) global [1056 x float] undef, align 16

define ptx_kernel void @seqc_ptx_transpose_tile(i64 %i0, i64 %i1, i64 %i2, float addrspace(1)* nocapture %p0, float addrspace(1)* nocapture %p1) nounwind {
entry:
	%0 = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()
	%1 = zext i32 %0 to i64
	%2 = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.y()
	%3 = zext i32 %2 to i64
	%4 = call i32 @llvm.nvvm.read.ptx.sreg.nctaid.x()
	%5 = zext i32 %4 to i64
	%6 = call i32 @llvm.nvvm.read.ptx.sreg.nctaid.y()
	%7 = zext i32 %6 to i64
	%8 = sdiv i64 %1, %i2
	%9 = srem i64 %1, %i2
	%10 = mul i64 %i0, %i1
	%11 = mul i64 %3, %10
	%12 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%13 = zext i32 %12 to i64
	%14 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%15 = zext i32 %14 to i64
	%16 = mul i64 %15, 32
	%17 = add i64 %16, %13
	%18 = add i64 %15, 0
	%19 = mul i64 %8, 32
	%20 = add i64 %19, %18
	%21 = mul i64 %9, 32
	%22 = add i64 %21, %13
	%23 = icmp slt i64 %20, %i0
	%24 = icmp slt i64 %22, %i1
	%25 = and i1 %23, %24
	br i1 %25, label %if.1, label %if.join.2

if.1:
	%26 = mul i64 %20, %i1
	%27 = add i64 %26, %22
	%28 = add i64 %11, %27
	%29 = getelementptr float, float addrspace(1)* %p0, i64 %28
	%30 = load float, float addrspace(1)* %29, align 4
	%31 = mul i64 %18, 33
	%32 = add i64 %31, %13
	%33 = getelementptr float, float addrspace(3)* getelementptr ([1056 x float], [1056 x float] addrspace(3)* @seqc_ptx_transpose_tile_sh1, i64 0, i64 0), i64 %32
	store float %30, float addrspace(3)* %33, align 4
	br label %if.join.2

if.join.2:
	%34 = add i64 %15, 8
	%35 = mul i64 %8, 32
	%36 = add i64 %35, %34
	%37 = mul i64 %9, 32
	%38 = add i64 %37, %13
	%39 = icmp slt i64 %36, %i0
	%40 = icmp slt i64 %38, %i1
	%41 = and i1 %39, %40
	br i1 %41, label %if.3, label %if.join.4

if.3:
	%42 = mul i64 %36, %i1
	%43 = add i64 %42, %38
	%44 = add i64 %11, %43
	%45 = getelementptr float, float addrspace(1)* %p0, i64 %44
	%46 = load float, float addrspace(1)* %45, align 4
	%47 = mul i64 %34, 33
	%48 = add i64 %47, %13
	%49 = getelementptr float, float addrspace(3)* getelementptr ([1056 x float], [1056 x float] addrspace(3)* @seqc_ptx_transpose_tile_sh1, i64 0, i64 0), i64 %48
	store float %46, float addrspace(3)* %49, align 4
	br label %if.join.4

if.join.4:
	%50 = add i64 %15, 16
	%51 = mul i64 %8, 32
	%52 = add i64 %51, %50
	%53 = mul i64 %9, 32
	%54 = add i64 %53, %13
	%55 = icmp slt i64 %52, %i0
	%56 = icmp slt i64 %54, %i1
	%57 = and i1 %55, %56
	br i1 %57, label %if.5, label %if.join.6

if.5:
	%58 = mul i64 %52, %i1
	%59 = add i64 %58, %54
	%60 = add i64 %11, %59
	%61 = getelementptr float, float addrspace(1)* %p0, i64 %60
	%62 = load float, float addrspace(1)* %61, align 4
	%63 = mul i64 %50, 33
	%64 = add i64 %63, %13
	%65 = getelementptr float, float addrspace(3)* getelementptr ([1056 x float], [1056 x float] addrspace(3)* @seqc_ptx_transpose_tile_sh1, i64 0, i64 0), i64 %64
	store float %62, float addrspace(3)* %65, align 4
	br label %if.join.6

if.join.6:
	%66 = add i64 %15, 24
	%67 = mul i64 %8, 32
	%68 = add i64 %67, %66
	%69 = mul i64 %9, 32
	%70 = add i64 %69, %13
	%71 = icmp slt i64 %68, %i0
	%72 = icmp slt i64 %70, %i1
	%73 = and i1 %71, %72
	br i1 %73, label %if.7, label %if.join.8

if.7:
	%74 = mul i64 %68, %i1
	%75 = add i64 %74, %70
	%76 = add i64 %11, %75
	%77 = getelementptr float, float addrspace(1)* %p0, i64 %76
	%78 = load float, float addrspace(1)* %77, align 4
	%79 = mul i64 %66, 33
	%80 = add i64 %79, %13
	%81 = getelementptr float, float addrspace(3)* getelementptr ([1056 x float], [1056 x float] addrspace(3)* @seqc_ptx_transpose_tile_sh1, i64 0, i64 0), i64 %80
	store float %78, float addrspace(3)* %81, align 4
	br label %if.join.8

if.join.8:
	call void @llvm.nvvm.barrier0()
	%82 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%83 = zext i32 %82 to i64
	%84 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%85 = zext i32 %84 to i64
	%86 = mul i64 %85, 32
	%87 = add i64 %86, %83
	%88 = add i64 %85, 0
	%89 = mul i64 %9, 32
	%90 = add i64 %89, %88
	%91 = mul i64 %8, 32
	%92 = add i64 %91, %83
	%93 = icmp slt i64 %92, %i0
	%94 = icmp slt i64 %90, %i1
	%95 = and i1 %93, %94
	br i1 %95, label %if.9, label %if.join.10

if.9:
	%96 = mul i64 %83, 33
	%97 = add i64 %96, %88
	%98 = getelementptr float, float addrspace(3)* getelementptr ([1056 x float], [1056 x float] addrspace(3)* @seqc_ptx_transpose_tile_sh1, i64 0, i64 0), i64 %97
	%99 = load float, float addrspace(3)* %98, align 4
	%100 = mul i64 %90, %i0
	%101 = add i64 %100, %92
	%102 = add i64 %11, %101
	%103 = getelementptr float, float addrspace(1)* %p1, i64 %102
	store float %99, float addrspace(1)* %103, align 4
	br label %if.join.10

if.join.10:
	%104 = add i64 %85, 8
	%105 = mul i64 %9, 32
	%106 = add i64 %105, %104
	%107 = mul i64 %8, 32
	%108 = add i64 %107, %83
	%109 = icmp slt i64 %108, %i0
	%110 = icmp slt i64 %106, %i1
	%111 = and i1 %109, %110
	br i1 %111, label %if.11, label %if.join.12

if.11:
	%112 = mul i64 %83, 33
	%113 = add i64 %112, %104
	%114 = getelementptr float, float addrspace(3)* getelementptr ([1056 x float], [1056 x float] addrspace(3)* @seqc_ptx_transpose_tile_sh1, i64 0, i64 0), i64 %113
	%115 = load float, float addrspace(3)* %114, align 4
	%116 = mul i64 %106, %i0
	%117 = add i64 %116, %108
	%118 = add i64 %11, %117
	%119 = getelementptr float, float addrspace(1)* %p1, i64 %118
	store float %115, float addrspace(1)* %119, align 4
	br label %if.join.12

if.join.12:
	%120 = add i64 %85, 16
	%121 = mul i64 %9, 32
	%122 = add i64 %121, %120
	%123 = mul i64 %8, 32
	%124 = add i64 %123, %83
	%125 = icmp slt i64 %124, %i0
	%126 = icmp slt i64 %122, %i1
	%127 = and i1 %125, %126
	br i1 %127, label %if.13, label %if.join.14

if.13:
	%128 = mul i64 %83, 33
	%129 = add i64 %128, %120
	%130 = getelementptr float, float addrspace(3)* getelementptr ([1056 x float], [1056 x float] addrspace(3)* @seqc_ptx_transpose_tile_sh1, i64 0, i64 0), i64 %129
	%131 = load float, float addrspace(3)* %130, align 4
	%132 = mul i64 %122, %i0
	%133 = add i64 %132, %124
	%134 = add i64 %11, %133
	%135 = getelementptr float, float addrspace(1)* %p1, i64 %134
	store float %131, float addrspace(1)* %135, align 4
	br label %if.join.14

if.join.14:
	%136 = add i64 %85, 24
	%137 = mul i64 %9, 32
	%138 = add i64 %137, %136
	%139 = mul i64 %8, 32
	%140 = add i64 %139, %83
	%141 = icmp slt i64 %140, %i0
	%142 = icmp slt i64 %138, %i1
	%143 = and i1 %141, %142
	br i1 %143, label %if.15, label %if.join.16

if.15:
	%144 = mul i64 %83, 33
	%145 = add i64 %144, %136
	%146 = getelementptr float, float addrspace(3)* getelementptr ([1056 x float], [1056 x float] addrspace(3)* @seqc_ptx_transpose_tile_sh1, i64 0, i64 0), i64 %145
	%147 = load float, float addrspace(3)* %146, align 4
	%148 = mul i64 %138, %i0
	%149 = add i64 %148, %140
	%150 = add i64 %11, %149
	%151 = getelementptr float, float addrspace(1)* %p1, i64 %150
	store float %147, float addrspace(1)* %151, align 4
	br label %if.join.16

if.join.16:
	ret void
}

declare i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.ctaid.y()

declare i32 @llvm.nvvm.read.ptx.sreg.nctaid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.nctaid.y()

declare i32 @llvm.nvvm.read.ptx.sreg.tid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.tid.y()

declare void @llvm.nvvm.barrier0()
