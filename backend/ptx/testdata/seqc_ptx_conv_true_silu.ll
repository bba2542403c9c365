source_filename = "seqc-ptx"
target datalayout = "e-i64:64-i128:128-v16:16-v32:32-n16:32:64"
target triple = "nvptx64-nvidia-cuda"

define ptx_kernel void @seqc_ptx_conv_true_silu(i64 %i0, i64 %i1, i64 %i2, i64 %i3, i64 %i4, i64 %i5, i64 %i6, i64 %i7, float addrspace(1)* nocapture %p0, float addrspace(1)* nocapture %p1, float addrspace(1)* nocapture %p2, float addrspace(1)* nocapture %p3, float addrspace(1)* nocapture %p4) nounwind {
entry:
	%0 = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()
	%1 = zext i32 %0 to i64
	%2 = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.y()
	%3 = zext i32 %2 to i64
	%4 = call i32 @llvm.nvvm.read.ptx.sreg.nctaid.x()
	%5 = zext i32 %4 to i64
	%6 = call i32 @llvm.nvvm.read.ptx.sreg.nctaid.y()
	%7 = zext i32 %6 to i64
	%8 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%9 = zext i32 %8 to i64
	%10 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%11 = zext i32 %10 to i64
	%12 = mul i64 %11, 256
	%13 = add i64 %12, %9
	%14 = mul i64 %3, %5
	%15 = add i64 %14, %1
	%16 = mul i64 %15, 256
	%17 = add i64 %16, %13
	%18 = icmp slt i64 %17, %i0
	br i1 %18, label %if.1, label %if.join.2

if.1:
	%19 = srem i64 %17, %i1
	%20 = sdiv i64 %17, %i1
	%21 = srem i64 %20, %i2
	%22 = sdiv i64 %20, %i2
	%23 = getelementptr float, float addrspace(1)* %p2, i64 %19
	%24 = load float, float addrspace(1)* %23, align 4
	%25 = sub i64 %21, %i6
	%26 = icmp slt i64 0, %i4
	br i1 %26, label %loop.3, label %loop.exit.4

if.join.2:
	ret void

loop.3:
	%27 = phi i64 [ 0, %if.1 ], [ %79, %ifv.join.6 ]
	%28 = phi float [ %24, %if.1 ], [ %78, %ifv.join.6 ]
	%29 = mul i64 %27, %i5
	%30 = add i64 %25, %29
	%31 = icmp sge i64 %30, 0
	%32 = add i64 %i7, %i3
	%33 = icmp slt i64 %30, %32
	%34 = and i1 %31, %33
	br i1 %34, label %ifv.5, label %ifv.join.6

loop.exit.4:
	%35 = phi float [ %24, %if.1 ], [ %78, %ifv.join.6 ]
	%36 = call float @llvm.fabs.f32(float %35)
	%37 = fneg float %36
	%38 = fcmp olt float %37, -115.0
	%39 = select i1 %38, float -115.0, float %37
	%40 = fcmp ogt float %39, 89.0
	%41 = select i1 %40, float 89.0, float %39
	%42 = call float @llvm.fmuladd.f32(float %41, float 0x3FF7154760000000, float 1.2582912e+07)
	%43 = fsub float %42, 1.2582912e+07
	%44 = call float @llvm.fmuladd.f32(float %43, float 0xBFE62E4000000000, float %41)
	%45 = call float @llvm.fmuladd.f32(float %43, float 0xBEB7F7D1C0000000, float %44)
	%46 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %45, float 0x3F81239E00000000)
	%47 = call float @llvm.fmuladd.f32(float %46, float %45, float 0x3FA5558F20000000)
	%48 = call float @llvm.fmuladd.f32(float %47, float %45, float 0x3FC5554920000000)
	%49 = call float @llvm.fmuladd.f32(float %48, float %45, float 0x3FDFFFFFC0000000)
	%50 = fmul float %45, %45
	%51 = call float @llvm.fmuladd.f32(float %49, float %50, float %45)
	%52 = fadd float %51, 1.0
	%53 = bitcast float %42 to i32
	%54 = sub i32 %53, u0x4B400000
	%55 = ashr i32 %54, 1
	%56 = sub i32 %54, %55
	%57 = add i32 %55, 127
	%58 = shl i32 %57, 23
	%59 = bitcast i32 %58 to float
	%60 = add i32 %56, 127
	%61 = shl i32 %60, 23
	%62 = bitcast i32 %61 to float
	%63 = fmul float %52, %59
	%64 = fmul float %63, %62
	%65 = fadd float 1.0, %64
	%66 = fcmp olt float %35, 0.0
	%67 = fmul float %35, %63
	%68 = select i1 %66, float %67, float %35
	%69 = select i1 %66, float %62, float 1.0
	%70 = fdiv float %68, %65
	%71 = fmul float %70, %69
	%72 = fcmp olt float %35, -115.0
	%73 = select i1 %72, float -0.0, float %71
	%74 = fcmp oeq float %35, 0xFFF0000000000000
	%75 = select i1 %74, float 0x7FF8000000000000, float %73
	%76 = getelementptr float, float addrspace(1)* %p3, i64 %17
	store float %75, float addrspace(1)* %76, align 4
	br label %if.join.2

ifv.5:
	%77 = icmp slt i64 %30, %i7
	br i1 %77, label %ifv.7, label %ifv.join.8

ifv.join.6:
	%78 = phi float [ %28, %loop.3 ], [ %101, %ifv.join.10 ]
	%79 = add i64 %27, 1
	%80 = icmp slt i64 %79, %i4
	br i1 %80, label %loop.3, label %loop.exit.4

ifv.7:
	%81 = mul i64 %22, %i7
	%82 = add i64 %81, %30
	%83 = mul i64 %82, %i1
	%84 = add i64 %83, %19
	%85 = getelementptr float, float addrspace(1)* %p4, i64 %84
	%86 = load float, float addrspace(1)* %85, align 4
	br label %ifv.join.8

ifv.join.8:
	%87 = phi float [ 0.0, %ifv.5 ], [ %86, %ifv.7 ]
	%88 = icmp sge i64 %30, %i7
	br i1 %88, label %ifv.9, label %ifv.join.10

ifv.9:
	%89 = mul i64 %22, %i3
	%90 = sub i64 %30, %i7
	%91 = add i64 %89, %90
	%92 = mul i64 %91, %i1
	%93 = add i64 %92, %19
	%94 = getelementptr float, float addrspace(1)* %p0, i64 %93
	%95 = load float, float addrspace(1)* %94, align 4
	br label %ifv.join.10

ifv.join.10:
	%96 = phi float [ %87, %ifv.join.8 ], [ %95, %ifv.9 ]
	%97 = mul i64 %19, %i4
	%98 = add i64 %97, %27
	%99 = getelementptr float, float addrspace(1)* %p1, i64 %98
	%100 = load float, float addrspace(1)* %99, align 4
	%101 = call float @llvm.fmuladd.f32(float %100, float %96, float %28)
	br label %ifv.join.6
}

declare i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.ctaid.y()

declare i32 @llvm.nvvm.read.ptx.sreg.nctaid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.nctaid.y()

declare i32 @llvm.nvvm.read.ptx.sreg.tid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.tid.y()

declare float @llvm.fmuladd.f32(float %0, float %1, float %2)

declare float @llvm.fabs.f32(float %0)
